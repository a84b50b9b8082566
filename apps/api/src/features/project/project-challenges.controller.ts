import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { ProjectCommandInput } from '#application';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { AnnounceAwardDto, AnswerChallengeDto, ChallengeLodgedResponseDto, LodgeChallengeDto, ProjectChallengeParams } from './challenge.dto.js';
import { HandleProjectCommand } from './handle-project.command.js';
import { ProjectIdParams } from './project.dto.js';

/**
 * 中标公示与质疑 (issue 13 item 3): the award announced, challenged by bidders within the standstill
 * period (PURCHASE_STANDSTILL_WORKING_DAYS Beijing working days), each challenge answered by the bureau.
 * `POST /projects/:id/contract` is refused (409) until the period is over and no challenge is open.
 */
@ApiTags('projects 民生项目')
@ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND, BID_NOT_FOUND, CHALLENGE_NOT_FOUND (code)' })
@ApiConflictResponse({ description: 'Invalid state or a concurrent change (code)' })
@Controller('projects')
export class ProjectChallengesController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/award') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'AwardAnnounced (中标结果公示): the standstill runs to the end of its last Beijing working day' })
  @ApiConflictResponse({ description: 'BIDDING_STILL_OPEN, AWARD_ALREADY_ANNOUNCED (another bid), BID_WITHDRAWN, PROJECT_ALREADY_CONTRACTED' })
  @ApiUnprocessableEntityResponse({ description: 'ORGANISATION_NOT_IN_GOOD_STANDING (rules 7, 11), STATION_LEVELS_CONFLICT (rule 5)' })
  announceAward(@Param() { projectId }: ProjectIdParams, @Body() dto: AnnounceAwardDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'AnnounceAward', data: { bidId: dto.bidId } }, envelope);
  }

  @Post(':projectId/challenges') @HttpCode(200)
  @ApiOkResponse({ type: ChallengeLodgedResponseDto, description: 'ChallengeLodged (质疑); the project shows 质疑中 until it is answered' })
  @ApiForbiddenResponse({ description: 'NOT_A_BIDDER: no bid of the organisation stood in this purchase' })
  @ApiConflictResponse({ description: 'CHALLENGE_PERIOD_OVER (details: standstillLastDay), NO_AWARD_TO_CHALLENGE, CHALLENGE_ID_REUSED' })
  @ApiUnprocessableEntityResponse({ description: 'AWARDEE_CANNOT_CHALLENGE' })
  async lodge(@Param() { projectId }: ProjectIdParams, @Body() dto: LodgeChallengeDto, @Envelope() envelope: CommandEnvelope): Promise<ChallengeLodgedResponseDto> {
    const challengeId = newId(envelope, 'challenge');
    return { ...(await this.send(projectId, { type: 'LodgeChallenge', data: { challengeId, organisationId: dto.organisationId, grounds: dto.grounds } }, envelope)), challengeId };
  }

  @Post(':projectId/challenges/:challengeId/answer') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'ChallengeDismissed, or ChallengeUpheld: the award is cancelled and bidding reopens until biddingDeadline' })
  @ApiConflictResponse({ description: 'CHALLENGE_ALREADY_ANSWERED' })
  answer(@Param() { projectId, challengeId }: ProjectChallengeParams, @Body() dto: AnswerChallengeDto, @Envelope() envelope: CommandEnvelope) {
    const { outcome, reasons, biddingDeadline } = dto;
    return this.send(projectId, { type: 'AnswerChallenge', data: { challengeId, outcome, reasons, ...(biddingDeadline === undefined ? {} : { biddingDeadline }) } }, envelope);
  }

  private async send(projectId: string, command: ProjectCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(projectId, await this.commands.execute(new HandleProjectCommand(projectId, command, envelope)));
  }
}
