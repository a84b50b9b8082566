import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { invalid } from '#domain';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { PersonalDataStep } from '#application';
import type { ProjectCommandInput } from '#application';
import { HandleProjectCommand } from '../project/handle-project.command.js';
import type {SocialWorkerBaseInput, SocialWorkerCommandInput } from '#application';
import {
  AssignSocialWorkerDto, CertifySocialWorkerDto, ChangeEmployerDto, DeregisterSocialWorkerDto, RegisterSocialWorkerDto,
  ReleaseSocialWorkerDto, type SocialWorkerBaseDto, SocialWorkerIdParams,
} from './social-worker.dto.js';
import { socialWorkerCommands } from '#application';
import { RunCommand } from '../../infrastructure/run-command.js';

/** A base names either a community or a district, never both: a half-filled base is a client bug. */
const baseInputOf = (base: SocialWorkerBaseDto): SocialWorkerBaseInput => {
  if (base.level === 'community' && base.communityId !== undefined && base.city === undefined && base.district === undefined) {
    return { level: 'community', communityId: base.communityId };
  }
  if (base.level === 'district' && base.city !== undefined && base.district !== undefined && base.communityId === undefined) {
    return { level: 'district', city: base.city, district: base.district };
  }
  throw invalid('SOCIAL_WORKER_BASE_INVALID', 'A community base gives only communityId; a district base gives only city and district', {
    level: base.level,
  });
};

/** 专业社工: registration, certification, employment, assignment to projects (rules 1, 3, 6). */
@ApiTags('social workers 社工')
@ApiBadRequestResponse({ description: 'Invalid input (VALIDATION_FAILED, SOCIAL_WORKER_BASE_INVALID, CERTIFICATION_DATE_INVALID, ...)' })
@ApiNotFoundResponse({ description: 'SOCIAL_WORKER_NOT_FOUND, COMMUNITY_NOT_FOUND, ORGANISATION_NOT_FOUND, PROJECT_NOT_FOUND' })
@ApiConflictResponse({ description: 'Invalid state transition (GRADE_DOWNGRADE, SOCIAL_WORKER_STILL_ASSIGNED, ...) or a concurrent change' })
@Controller('social-workers')
export class SocialWorkerCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataStep,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponse, description: 'SocialWorkerRegistered (name and contact in the vault)' })
  register(@Body() dto: RegisterSocialWorkerDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const socialWorkerId = newId(envelope, 'social-worker');
    const base = baseInputOf(dto.base);
    return this.personalData.withPerson(dto.person, (personRef) =>
      this.send(
        socialWorkerId,
        {
          type: 'RegisterSocialWorker',
          data: { socialWorkerId, personRef, base, hasSocialWorkDegree: dto.hasSocialWorkDegree, employerOrganisationId: dto.employerOrganisationId ?? null },
        },
        envelope,
      ),
    );
  }

  @Post(':socialWorkerId/certify') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'SocialWorkerCertified' })
  certify(@Param() { socialWorkerId }: SocialWorkerIdParams, @Body() dto: CertifySocialWorkerDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(socialWorkerId, { type: 'CertifySocialWorker', data: { ...dto, socialWorkerId } }, envelope);
  }

  @Post(':socialWorkerId/employ') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'SocialWorkerEmployed' })
  employ(@Param() { socialWorkerId }: SocialWorkerIdParams, @Body() dto: ChangeEmployerDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(socialWorkerId, { type: 'ChangeEmployer', data: { socialWorkerId, employerOrganisationId: dto.employerOrganisationId } }, envelope);
  }

  /**
   * Puts the worker on a contracted project: the same command as POST /projects/{projectId}/staff, so
   * the same rules hold (rule 6 SUBCONTRACTING_FORBIDDEN 422, CONTRACT_NOT_ACTIVE 409, at most 40 hours a
   * week in all: SOCIAL_WORKER_OVERCOMMITTED 422). Answers the project's fact; the id is the project's.
   */
  @Post(':socialWorkerId/assign') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'ProjectStaffAssigned (SocialWorkerAssigned holds the hours)' })
  @ApiUnprocessableEntityResponse({ description: 'SUBCONTRACTING_FORBIDDEN (rule 6), SOCIAL_WORKER_OVERCOMMITTED: more than 40 hours a week in all' })
  async assign(@Param() { socialWorkerId }: SocialWorkerIdParams, @Body() dto: AssignSocialWorkerDto, @Envelope() envelope: CommandEnvelope) {
    const { projectId, hoursPerWeek } = dto;
    return this.onProject(projectId, { type: 'AssignProjectStaff', data: { socialWorkerId, hoursPerWeek } }, envelope);
  }

  /** Takes the worker off the project: the same command as POST /projects/{projectId}/staff/{socialWorkerId}/release (a reason is required). */
  @Post(':socialWorkerId/release') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'ProjectStaffReleased, then SocialWorkerReleased frees the hours' })
  async release(@Param() { socialWorkerId }: SocialWorkerIdParams, @Body() dto: ReleaseSocialWorkerDto, @Envelope() envelope: CommandEnvelope) {
    return this.onProject(dto.projectId, { type: 'ReleaseProjectStaff', data: { socialWorkerId, reason: dto.reason ?? '' } }, envelope);
  }

  @Post(':socialWorkerId/deregister') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'SocialWorkerDeregistered' })
  deregister(@Param() { socialWorkerId }: SocialWorkerIdParams, @Body() dto: DeregisterSocialWorkerDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(socialWorkerId, { type: 'DeregisterSocialWorker', data: { ...dto, socialWorkerId } }, envelope);
  }

  private async onProject(projectId: string, command: ProjectCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(projectId, await this.commands.execute(new HandleProjectCommand(projectId, command, envelope)));
  }

  private async send(socialWorkerId: string, command: SocialWorkerCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(socialWorkerId, await this.commands.execute(new RunCommand(socialWorkerCommands, socialWorkerId, command, envelope)));
  }
}
