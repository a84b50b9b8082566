import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { CommandResponseDto, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { PersonalDataStep } from '#application';
import type {NeedCommandInput } from '#application';
import { CoverNeedByProjectDto, FulfilNeedDto, ListNeedDto, NeedIdParams, ReconfirmNeedDto, RecordNeedMatchDto, WithdrawNeedDto } from './need.dto.js';
import { needCommands } from '#application';
import { RunCommand } from '../../infrastructure/run-command.js';

/** 居民需求清单: the needs list's commands. */
@ApiTags('needs 居民需求')
@ApiConflictResponse({ description: 'Invalid state transition or a concurrent change (code)' })
@ApiUnprocessableEntityResponse({ description: 'A rule forbids it (code)' })
@Controller('needs')
export class NeedCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataStep,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponseDto, description: 'NeedListed' })
  async list(@Body() dto: ListNeedDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const needId = newId(envelope, 'need');
    const { beneficiary, ...need } = dto;
    return this.personalData.withPerson(beneficiary, (beneficiaryRef) =>
      this.send(needId, { type: 'ListNeed', data: { ...need, needId, beneficiaryRef, requiredSkills: need.requiredSkills ?? [] } }, envelope),
    );
  }

  @Post(':needId/verify') @HttpCode(200) @ApiOkResponse({ type: CommandResponseDto })
  verify(@Param() { needId }: NeedIdParams, @Envelope() envelope: CommandEnvelope) {
    return this.send(needId, { type: 'VerifyNeed', data: {} }, envelope);
  }

  /**
   * A person matches a social worker or an organisation to the need (hours a week; fen is not moved here).
   * Donations (rule 12) and volunteers decide their own matches: kind donation or volunteer answers 422
   * MATCH_DECIDED_BY_RESOURCE naming POST /donations/{id}/match or POST /volunteers/{id}/assign, whose
   * facts the need then shows. An unknown resource answers 404 (SOCIAL_WORKER_NOT_FOUND, ORGANISATION_NOT_FOUND).
   */
  /** 需求复核: the committee confirms the need still stands (NeedReconfirmed); 409 NEED_ALREADY_FULFILLED / NEED_WITHDRAWN. */
  @Post(':needId/reconfirm') @HttpCode(200) @ApiOkResponse({ type: CommandResponseDto, description: 'NeedReconfirmed' })
  reconfirm(@Param() { needId }: NeedIdParams, @Body() dto: ReconfirmNeedDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(needId, { type: 'ReconfirmNeed', data: { ...dto } }, envelope);
  }

  @Post(':needId/match') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponseDto, description: 'NeedMatched (social worker or organisation)' })
  @ApiUnprocessableEntityResponse({ description: 'MATCH_DECIDED_BY_RESOURCE: a donation or volunteer is matched on its own stream' })
  match(@Param() { needId }: NeedIdParams, @Body() dto: RecordNeedMatchDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(needId, { type: 'RecordNeedMatch', data: { ...dto, resource: { ...dto.resource } } }, envelope);
  }

  /** The project must exist (404 PROJECT_NOT_FOUND), still run (409 PROJECT_ENDED) and be bought for the need's category and area (422 PROJECT_DOES_NOT_SERVE_NEED). */
  @Post(':needId/cover') @HttpCode(200) @ApiOkResponse({ type: CommandResponseDto, description: 'NeedCoveredByProject' })
  cover(@Param() { needId }: NeedIdParams, @Body() dto: CoverNeedByProjectDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(needId, { type: 'CoverNeedByProject', data: { ...dto } }, envelope);
  }

  @Post(':needId/fulfil') @HttpCode(200) @ApiOkResponse({ type: CommandResponseDto })
  fulfil(@Param() { needId }: NeedIdParams, @Body() dto: FulfilNeedDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(needId, { type: 'FulfilNeed', data: { ...dto } }, envelope);
  }

  @Post(':needId/withdraw') @HttpCode(200) @ApiOkResponse({ type: CommandResponseDto })
  withdraw(@Param() { needId }: NeedIdParams, @Body() dto: WithdrawNeedDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(needId, { type: 'WithdrawNeed', data: { ...dto } }, envelope);
  }

  private async send(needId: string, command: NeedCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(needId, await this.commands.execute(new RunCommand(needCommands, needId, command, envelope)));
  }
}
