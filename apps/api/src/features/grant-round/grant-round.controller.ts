import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { accountOf, type GrantRoundCommandInput, grantRoundCommands, notVisible, readAccess } from '#application';
import { grantRoundDecider } from '#domain';
import { AggregateStore, type CommandEnvelope } from '#event-store';
import { type GrantItem, type GrantRoundItem, type Page, ReadModelQueries } from '#read-models';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { readerRows } from '../../http/reader-access.js';
import { authenticatedActor } from '../../http/authentication.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { RunCommand } from '../../infrastructure/run-command.js';
import {
  AppointGrantReviewerDto, GrantApplicationParams, GrantApplicationSubmittedDto, GrantListQueryDto, GrantRoundIdParams, GrantRoundListQueryDto,
  OpenGrantRoundDto, RecuseGrantReviewerDto, ScoreGrantApplicationDto, SubmitGrantApplicationDto, WithdrawGrantApplicationDto,
} from './grant-round.dto.js';
import { grantRoundView, type GrantRoundView } from './grant-round.view.js';

const SEED = 'Seed 000: 巩固和扩大公益创投范围，完善项目申报评估审批机制; issue 13 item 8.';

/**
 * 公益创投: a bureau or a charity opens a round (criteria and points, budget, deadlines), organisations
 * apply with a project design, appointed reviewers score each application per criterion (a reviewer tied
 * to the applicant is refused: 回避), and the award follows from the scores within the budget (立项).
 */
@ApiTags('grant rounds 公益创投')
@ApiNotFoundResponse({ description: 'GRANT_ROUND_NOT_FOUND, GRANT_APPLICATION_NOT_FOUND, or another record the command names (ORGANISATION_NOT_FOUND, COMMUNITY_NOT_FOUND)' })
@Controller()
export class GrantRoundController {
  constructor(
    private readonly commands: CommandBus,
    private readonly aggregates: AggregateStore,
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  private send(roundId: string, input: GrantRoundCommandInput, envelope: CommandEnvelope) {
    return this.commands.execute(new RunCommand(grantRoundCommands, roundId, input, envelope));
  }

  @Post('grant-rounds')
  @ApiOperation({
    summary: 'Open a 公益创投 round',
    description:
      'A civil-affairs bureau (funder kind civil_affairs_bureau) or a charity base (a charitable organisation: community_foundation, ' +
      'charity_federation, charity_base) opens a round for its area: criteria (评分标准) whose points (分值, integers) are their weights and ' +
      'sum to 100, so a review totals out of 100; a budget in fen; a passing mean score; Beijing wall-clock deadlines for applications ' +
      `(in the future) and for reviews (after it); optionally reviewsRequired per application (default min(3, reviewers eligible for it), at least 1). GrantRoundOpened. ${SEED}`,
  })
  @ApiCreatedResponse({ type: CommandResponse, description: 'GrantRoundOpened; id is the roundId' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, GRANT_CRITERIA_INVALID (details.total), GRANT_FUNDER_INVALID, GRANT_BUDGET_INVALID, PASSING_SCORE_INVALID, GRANT_DEADLINES_INVALID, REVIEWS_REQUIRED_INVALID, AREA_INVALID' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED (a bureau or a charity base opens rounds), OUTSIDE_YOUR_AREA' })
  @ApiConflictResponse({ description: 'GRANT_ROUND_ALREADY_EXISTS' })
  async open(@Body() dto: OpenGrantRoundDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const roundId = newId(envelope, 'grant-round');
    const { district = '', street = '', community = '' } = dto.area;
    const handled = await this.send(roundId, {
      type: 'OpenGrantRound',
      data: {
        roundId,
        title: dto.title,
        funder: { kind: dto.funder.kind, name: dto.funder.name },
        area: { city: dto.area.city, district, street, community },
        criteria: dto.criteria.map(({ name, points }) => ({ name, points })),
        budgetFen: dto.budgetFen,
        passingScore: dto.passingScore,
        applicationDeadline: dto.applicationDeadline,
        reviewDeadline: dto.reviewDeadline,
        reviewsRequired: dto.reviewsRequired ?? null,
      },
    }, envelope);
    return toCommandResponse(roundId, handled);
  }

  @Post('grant-rounds/:roundId/reviewers') @HttpCode(200)
  @ApiOperation({
    summary: 'Appoint a reviewer (评审专家) to a round',
    description:
      "The round's funder names the reviewer's account (token subject, and issuer when another's) and the organisations it declares a tie to " +
      '(回避申报). Reviewers are numbered 1, 2, ... in the round; only the number leaves the product. Not at or after the review deadline ' +
      '(409 REVIEW_PERIOD_OVER, details.reviewDeadline): such a reviewer could never score, yet would raise what every application requires. GrantReviewerAppointed.',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'GrantReviewerAppointed' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, DECLARED_TIES_INVALID' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, OUTSIDE_YOUR_AREA, NOT_YOUR_RECORD (another charity\'s round)' })
  @ApiConflictResponse({ description: 'REVIEWER_ALREADY_APPOINTED, TOO_MANY_REVIEWERS (15), REVIEW_PERIOD_OVER, GRANT_ROUND_ALREADY_AWARDED' })
  async appoint(@Param() { roundId }: GrantRoundIdParams, @Body() dto: AppointGrantReviewerDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const issuer = dto.reviewerIssuer ?? (envelope.actor as { issuer?: string }).issuer;
    const reviewerAccount = accountOf({ id: dto.reviewerSubject, ...(issuer === undefined ? {} : { issuer }) });
    return toCommandResponse(roundId, await this.send(roundId, { type: 'AppointGrantReviewer', data: { roundId, reviewerAccount, declaredTies: dto.declaredTies ?? [] } }, envelope));
  }

  @Post('grant-rounds/:roundId/applications') @HttpCode(200)
  @ApiOperation({
    summary: 'Apply to a round with a project design (申报)',
    description:
      'Staff of an organisation (token role social_organisation, claim org) apply for it: a project design (title, service category, summary, ' +
      "communities it serves, beneficiaries, budget lines in fen). The request is the budget lines' sum, at most the round's budget. Before the " +
      'application deadline (Beijing); one standing application per organisation; the organisation registered and in good standing (rules 7, 11); ' +
      "every community registered and in the round's area. GrantApplicationSubmitted.",
  })
  @ApiOkResponse({ type: GrantApplicationSubmittedDto, description: 'GrantApplicationSubmitted; applicationId names it' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, GRANT_DESIGN_INVALID, BUDGET_LINES_INVALID' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, NOT_YOUR_RECORD (another organisation), OUTSIDE_YOUR_AREA' })
  @ApiConflictResponse({ description: 'APPLICATIONS_CLOSED (deadline passed or closed), APPLICATION_ALREADY_SUBMITTED' })
  @ApiUnprocessableEntityResponse({ description: 'ROUND_BUDGET_EXCEEDED, COMMUNITY_OUTSIDE_ROUND_AREA, APPLICANT_NOT_ELIGIBLE (rule 7), ORGANISATION_NOT_IN_GOOD_STANDING (rule 11)' })
  async apply(@Param() { roundId }: GrantRoundIdParams, @Body() dto: SubmitGrantApplicationDto, @Envelope() envelope: CommandEnvelope): Promise<GrantApplicationSubmittedDto> {
    const applicationId = newId(envelope, 'grant-application');
    const { communityIds, budgetLines, ...design } = dto.design;
    const handled = await this.send(roundId, {
      type: 'SubmitGrantApplication',
      data: { roundId, applicationId, organisationId: dto.organisationId, communityIds: [...communityIds], design: { ...design, budgetLines: budgetLines.map(({ item, amountFen }) => ({ item, amountFen })) } },
    }, envelope);
    return { id: roundId, applicationId, position: handled.position };
  }

  @Post('grant-rounds/:roundId/applications/:applicationId/withdraw') @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an application', description: 'By its organisation, until the round is awarded; its scores no longer count. GrantApplicationWithdrawn.' })
  @ApiOkResponse({ type: CommandResponse, description: 'GrantApplicationWithdrawn' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, REASON_REQUIRED' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, NOT_YOUR_RECORD, OUTSIDE_YOUR_AREA' })
  @ApiConflictResponse({ description: 'GRANT_APPLICATION_WITHDRAWN, GRANT_ROUND_ALREADY_AWARDED' })
  async withdraw(@Param() { roundId, applicationId }: GrantApplicationParams, @Body() dto: WithdrawGrantApplicationDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(roundId, await this.send(roundId, { type: 'WithdrawGrantApplication', data: { roundId, applicationId, reason: dto.reason } }, envelope));
  }

  @Post('grant-rounds/:roundId/close') @HttpCode(200)
  @ApiOperation({ summary: 'Close applications', description: 'By the funder, at or after the application deadline (Beijing), never before. Reviewers score from then. GrantApplicationsClosed.' })
  @ApiOkResponse({ type: CommandResponse, description: 'GrantApplicationsClosed' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, OUTSIDE_YOUR_AREA, NOT_YOUR_RECORD' })
  @ApiConflictResponse({ description: 'APPLICATION_DEADLINE_NOT_REACHED, APPLICATIONS_ALREADY_CLOSED' })
  async close(@Param() { roundId }: GrantRoundIdParams, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(roundId, await this.send(roundId, { type: 'CloseGrantApplications', data: { roundId } }, envelope));
  }

  @Post('grant-rounds/:roundId/applications/:applicationId/scores') @HttpCode(200)
  @ApiOperation({
    summary: 'Score an application (评审)',
    description:
      'An appointed reviewer (any role; the token\'s account) scores every criterion with a whole number from 0 to its points, once per ' +
      'application, after applications close and before the review deadline. A reviewer tied to the applicant is refused (回避): its token acts for ' +
      'the applicant (claim org), the social worker its token is linked to (claim person) is employed by the applicant, or it declared a tie. ' +
      'GrantApplicationScored (one fact per reviewer per application).',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'GrantApplicationScored' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, SCORES_INCOMPLETE (one per criterion), SCORE_OUT_OF_RANGE (details.criterionId, points)' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, OUTSIDE_YOUR_AREA, NOT_A_REVIEWER (not appointed to the round)' })
  @ApiConflictResponse({ description: 'APPLICATIONS_STILL_OPEN, ALREADY_SCORED, REVIEW_PERIOD_OVER, GRANT_APPLICATION_WITHDRAWN, GRANT_ROUND_ALREADY_AWARDED' })
  @ApiUnprocessableEntityResponse({ description: 'REVIEWER_TIED_TO_APPLICANT (details.tie: own_organisation, employer or declared; then stand aside: /recusals), REVIEWER_RECUSED' })
  async score(@Param() { roundId, applicationId }: GrantApplicationParams, @Body() dto: ScoreGrantApplicationDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const scores = dto.scores.map(({ criterionId, score }) => ({ criterionId, score }));
    return toCommandResponse(roundId, await this.send(roundId, { type: 'ScoreGrantApplication', data: { roundId, applicationId, scores } }, envelope));
  }

  @Post('grant-rounds/:roundId/applications/:applicationId/recusals') @HttpCode(200)
  @ApiOperation({
    summary: 'Stand aside from an application (回避)',
    description:
      'An appointed reviewer (the token\'s account) stands aside from one standing application before scoring it and before the award, with a reason ' +
      'code (body.reason). A reviewer refused as tied (REVIEWER_TIED_TO_APPLICANT) records it this way. It never scores that application, and the ' +
      'application\'s default reviews required counts it out. GrantReviewerRecused.',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'GrantReviewerRecused' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (reason not a code)' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, OUTSIDE_YOUR_AREA, NOT_A_REVIEWER' })
  @ApiNotFoundResponse({ description: 'GRANT_ROUND_NOT_FOUND, GRANT_APPLICATION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALREADY_RECUSED, ALREADY_SCORED, GRANT_APPLICATION_WITHDRAWN, GRANT_ROUND_ALREADY_AWARDED' })
  async recuse(@Param() { roundId, applicationId }: GrantApplicationParams, @Body() dto: RecuseGrantReviewerDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(roundId, await this.send(roundId, { type: 'RecuseGrantReviewer', data: { roundId, applicationId, reason: dto.reason } }, envelope));
  }

  @Post('grant-rounds/:roundId/award') @HttpCode(200)
  @ApiOperation({
    summary: 'Award the round (立项) from the scores',
    description:
      'By the funder, once applications are closed. Before the review deadline (Beijing) every standing application needs the reviews the round requires ' +
      '(reviewsRequired, else min(3, its eligible reviewers), at least 1): else 422 REVIEWS_INCOMPLETE with details.applications [{applicationId, reviews, required}]. ' +
      'At or after the review deadline no review can come, so the award proceeds on the reviews present: each ranking entry records reviews and reviewsRequired, ' +
      'and unreviewed [{applicationId, organisationId, reviewsRequired}] lists the applications no one scored (not ranked, not funded). Ranking: higher mean of the ' +
      'reviews\' totals first (compared exactly), then the smaller request, then the earlier submission. Walking the ranking, each application ' +
      'at or above the passing score is funded with its whole request while the budget left covers it; one it does not cover is passed over ' +
      '(over_remaining_budget). The awards never exceed the budget; each becomes a grant on the resources list (GET /grants), earmarked to its project. ' +
      'GrantRoundAwarded.',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'GrantRoundAwarded' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED, OUTSIDE_YOUR_AREA, NOT_YOUR_RECORD' })
  @ApiConflictResponse({ description: 'APPLICATIONS_STILL_OPEN, GRANT_ROUND_ALREADY_AWARDED' })
  @ApiUnprocessableEntityResponse({ description: 'REVIEWS_INCOMPLETE, before the review deadline only (details.applications: each lacking one with its reviews and required; details.applicationIds; details.reviewDeadline)' })
  async award(@Param() { roundId }: GrantRoundIdParams, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(roundId, await this.send(roundId, { type: 'AwardGrantRound', data: { roundId } }, envelope));
  }

  @Get('grant-rounds')
  @ApiOperation({ summary: '公益创投 rounds that reach the reader\'s area', description: 'Newest first, with budget (fen), deadlines (Beijing), status and counts; `minPosition` reads your own writes.' })
  @ApiOkResponse({ description: 'Page<GrantRoundItem>' })
  async list(@Query() query: GrantRoundListQueryDto, @Req() request: FastifyRequest): Promise<Page<GrantRoundItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.grantRounds({ ...filters, scope: readerRows(request, 'grantRound') });
  }

  @Get('grant-rounds/:roundId')
  @ApiOperation({
    summary: 'A round with its applications, per-criterion mean scores, ranking and awards',
    description:
      'Read from the round\'s stream. Each application with how many reviews it has (never who scored) and, for the bureau, the funding charity ' +
      'and auditors (or anyone once the round is awarded), its mean score and mean per criterion; the ranking (each entry with its reviews and reviewsRequired), awards and unreviewed (applications no one scored by the review deadline) once awarded.',
  })
  @ApiOkResponse({ description: 'GrantRoundView' })
  @ApiNotFoundResponse({ description: 'GRANT_ROUND_NOT_FOUND: no such round, or one outside the token\'s area (not told apart)' })
  async detail(@Param() { roundId }: GrantRoundIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<GrantRoundView> {
    await this.consistency.atLeast(minPosition);
    const { state } = await this.aggregates.load(grantRoundDecider, roundId);
    const access = readAccess(authenticatedActor(request), 'grantRound');
    if (state.status === 'absent' || !access.sees({ area: state.area })) throw notVisible('grantRound', roundId);
    const full = access.form({ area: state.area }) === 'full';
    return grantRoundView(state, full);
  }

  @Get('grants')
  @ApiOperation({
    summary: '公益创投 grants on the resources list (服务资源清单)',
    description: 'Each award of a round: its funder, the amount (fen), earmarked to the funded application\'s project, the organisation, and where it serves. Newest first.',
  })
  @ApiOkResponse({ description: 'Page<GrantItem>' })
  async grants(@Query() query: GrantListQueryDto, @Req() request: FastifyRequest): Promise<Page<GrantItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.grants({ ...filters, scope: readerRows(request, 'grantRound') });
  }
}
