import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { elderCommands, PersonalDataStep, type ElderCommandInput } from '#application';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { CommandResponseDto, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { RunCommand } from '../../infrastructure/run-command.js';
import { ElderIdParams, RecordHomeVisitDto, RegisterElderDto, RemoveElderDto } from './elder.dto.js';

/**
 * 特殊困难老年人名册与上门走访 (seed 003 column 3: every such person visited every month). The committee
 * of the community (or the civil-affairs office over it) keeps the register; visits are recorded by
 * them or by a social worker of the area. The monthly rate is in `GET /indicators` (`homeVisits`).
 */
@ApiTags('elders 特殊困难老年人走访')
@ApiConflictResponse({ description: 'ELDER_ALREADY_REGISTERED, ELDER_NOT_ON_REGISTER, ELDER_ALREADY_REMOVED, CONCURRENCY_CONFLICT' })
@Controller('elders')
export class ElderCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataStep,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Put an elderly person in special difficulty on the community register (ElderInDifficultyRegistered)', description: 'The person’s name, phone, id number and address go to the encrypted vault; the fact names a pseudonymous reference. Committee of the community or civil-affairs office over it. 404 COMMUNITY_NOT_FOUND.' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async register(@Body() dto: RegisterElderDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const elderId = newId(envelope, 'elder');
    const { person, communityId, circumstances } = dto;
    return this.personalData.withPerson(person, (beneficiaryRef) =>
      this.send(elderId, { type: 'RegisterElderInDifficulty', data: { elderId, communityId, beneficiaryRef, circumstances: [...circumstances] } }, envelope),
    );
  }

  @Post(':elderId/visits') @HttpCode(200)
  @ApiOperation({ summary: 'Record a home visit (HomeVisitRecorded)', description: 'Counts for the month of visitedOn (Beijing). 400 HOME_VISIT_IN_FUTURE; the same visitId records once.' })
  @ApiOkResponse({ type: CommandResponseDto })
  @ApiNotFoundResponse({ description: 'ELDER_NOT_FOUND' })
  visit(@Param() { elderId }: ElderIdParams, @Body() dto: RecordHomeVisitDto, @Envelope() envelope: CommandEnvelope) {
    const visitId = dto.visitId ?? newId(envelope, 'home-visit');
    return this.send(elderId, { type: 'RecordHomeVisit', data: { visitId, visitedOn: dto.visitedOn, visitor: { ...dto.visitor }, outcome: dto.outcome } }, envelope);
  }

  @Post(':elderId/remove') @HttpCode(200)
  @ApiOperation({ summary: 'Take a person off the register, with the reason (ElderInDifficultyRemoved)' })
  @ApiOkResponse({ type: CommandResponseDto })
  @ApiNotFoundResponse({ description: 'ELDER_NOT_FOUND' })
  remove(@Param() { elderId }: ElderIdParams, @Body() dto: RemoveElderDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(elderId, { type: 'RemoveElderInDifficulty', data: { reason: dto.reason } }, envelope);
  }

  private async send(elderId: string, command: ElderCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(elderId, await this.commands.execute(new RunCommand(elderCommands, elderId, command, envelope)));
  }
}
