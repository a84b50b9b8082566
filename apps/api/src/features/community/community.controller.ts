import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CommunityCommand } from '#domain';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { CommunityIdParams, RegisterCommunityDto, UpdateCommunityPopulationDto } from './community.dto.js';
import { communityCommands } from '#application';
import { RunCommand } from '../../infrastructure/run-command.js';

/** 社区: the platform the other four forces work on. */
@ApiTags('communities 社区')
@ApiBadRequestResponse({ description: 'Invalid input (VALIDATION_FAILED, COMMUNITY_POPULATION_INVALID)' })
@ApiConflictResponse({ description: 'COMMUNITY_ALREADY_EXISTS or a concurrent change' })
@Controller('communities')
export class CommunityCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponse, description: 'CommunityRegistered' })
  register(@Body() dto: RegisterCommunityDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const { communityId: code, area, ...community } = dto;
    const communityId = code ?? newId(envelope, 'community');
    return this.send(communityId, { type: 'RegisterCommunity', data: { ...community, communityId, area: { ...area } } }, envelope);
  }

  @Post(':communityId/population') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'CommunityPopulationUpdated (no event when unchanged)' })
  @ApiNotFoundResponse({ description: 'COMMUNITY_NOT_FOUND' })
  updatePopulation(@Param() { communityId }: CommunityIdParams, @Body() dto: UpdateCommunityPopulationDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(communityId, { type: 'UpdateCommunityPopulation', data: { ...dto, communityId } }, envelope);
  }

  private async send(communityId: string, command: CommunityCommand, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(communityId, await this.commands.execute(new RunCommand(communityCommands, communityId, command, envelope)));
  }
}
