import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import type {OrganisationCommandInput } from '#application';
import {
  GradeOrganisationDto, OrganisationIdParams, OrganisationStatusChangeDto, RecordAnnualInspectionDto, RegisterOrganisationDto,
} from './organisation.dto.js';
import { organisationCommands } from '#application';
import { RunCommand } from '../../infrastructure/run-command.js';

/** 社区社会组织: registration, annual inspection, grading and the exit mechanism (seed 000). */
@ApiTags('organisations 社会组织')
@ApiBadRequestResponse({ description: 'Invalid input (VALIDATION_FAILED or a domain code such as UNIFIED_SOCIAL_CREDIT_CODE_INVALID)' })
@ApiNotFoundResponse({ description: 'ORGANISATION_NOT_FOUND, COMMUNITY_NOT_FOUND' })
@ApiConflictResponse({ description: 'Invalid state transition (ORGANISATION_DEREGISTERED, ...) or a concurrent change' })
@Controller('organisations')
export class OrganisationCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponse, description: 'OrganisationRegistered' })
  register(@Body() dto: RegisterOrganisationDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const organisationId = newId(envelope, 'organisation');
    const { communityId, serviceCategories, ...organisation } = dto;
    return this.send(
      organisationId,
      { type: 'RegisterOrganisation', data: { ...organisation, organisationId, communityId: communityId ?? null, serviceCategories: [...serviceCategories] } },
      envelope,
    );
  }

  @Post(':organisationId/inspections') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'AnnualInspectionPassed or AnnualInspectionFailed' })
  inspect(@Param() { organisationId }: OrganisationIdParams, @Body() dto: RecordAnnualInspectionDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(organisationId, { type: 'RecordAnnualInspection', data: { ...dto, organisationId } }, envelope);
  }

  @Post(':organisationId/grade') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'OrganisationGraded' })
  grade(@Param() { organisationId }: OrganisationIdParams, @Body() dto: GradeOrganisationDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(organisationId, { type: 'GradeOrganisation', data: { ...dto, organisationId } }, envelope);
  }

  @Post(':organisationId/suspend') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'OrganisationSuspended' })
  suspend(@Param() { organisationId }: OrganisationIdParams, @Body() dto: OrganisationStatusChangeDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(organisationId, { type: 'SuspendOrganisation', data: { ...dto, organisationId } }, envelope);
  }

  @Post(':organisationId/reinstate') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'OrganisationReinstated' })
  reinstate(@Param() { organisationId }: OrganisationIdParams, @Body() dto: OrganisationStatusChangeDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(organisationId, { type: 'ReinstateOrganisation', data: { ...dto, organisationId } }, envelope);
  }

  @Post(':organisationId/deregister') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'OrganisationDeregistered (lists station contracts still held)' })
  deregister(@Param() { organisationId }: OrganisationIdParams, @Body() dto: OrganisationStatusChangeDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(organisationId, { type: 'DeregisterOrganisation', data: { ...dto, organisationId } }, envelope);
  }

  private async send(organisationId: string, command: OrganisationCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(organisationId, await this.commands.execute(new RunCommand(organisationCommands, organisationId, command, envelope)));
  }
}
