import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type HistoryRecordKind, RecordHistory, type RecordHistoryView } from '#application';
import type { EventStore } from '#event-store';
import { authenticatedActor } from '../../http/authentication.js';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
import { CommunityIdParams } from '../community/community.dto.js';
import { DonationIdParams } from '../donation/donation.dto.js';
import { MatchingPoolIdParams } from '../matching-pool/matching-pool.dto.js';
import { GrantRoundIdParams } from '../grant-round/grant-round.dto.js';
import { NeedIdParams } from '../need/need.dto.js';
import { OrganisationIdParams } from '../organisation/organisation.dto.js';
import { ProjectIdParams } from '../project/project.dto.js';
import { SocialWorkerIdParams } from '../social-worker/social-worker.dto.js';
import { PersonRefParams, VolunteerIdParams } from '../volunteer/volunteer.dto.js';
import { RecordHistoryDto } from './history.dto.js';

const DESCRIPTION =
  'Every fact of the record, oldest first: when (UTC and Beijing time), who (the authenticated actor and role the event recorded) ' +
  'and what, as a Chinese sentence (summary) with the data in its current schema. Read from the event store, so a command is in it ' +
  'as soon as it answered. Read rule: exactly the detail\'s (README "Who may see what"): a reader who would get 404 for the detail ' +
  '(outside its area or rows) gets the same 404, code and message as for an unknown id; a reader shown the detail\'s notice-board form ' +
  '(view "public": a need, project or donation; a 公益创投 round without its scores) gets view "public": only the facts the board ' +
  'reflects (no bids, receipts, evaluations, declined proposals), each as the acting role and a sentence that says no more than the ' +
  'board, with data {} and no account or correlation ids; full readers get view "full". A person\'s erasure: the office, committee and ' +
  'auditors of its area only. In the full view, person references and the account ids of people acting for themselves only for the ' +
  'office, committee and auditors of the area, the employer, or the person themself.';

/** 变更记录: the history of any record, one route per record type, all read by one RecordHistory. */
@ApiTags('history 变更记录')
@Controller()
export class HistoryController {
  private readonly histories: RecordHistory;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.histories = new RecordHistory(store);
  }

  private of(kind: HistoryRecordKind, id: string, request: FastifyRequest): Promise<RecordHistoryView> {
    return this.histories.of(kind, id, authenticatedActor(request));
  }

  @Get('needs/:needId/history')
  @ApiOperation({ summary: 'History of a need', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'NEED_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  need(@Param() { needId }: NeedIdParams, @Req() request: FastifyRequest) {
    return this.of('need', needId, request);
  }

  @Get('donations/:donationId/history')
  @ApiOperation({ summary: 'History of a donation', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'DONATION_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  donation(@Param() { donationId }: DonationIdParams, @Req() request: FastifyRequest) {
    return this.of('donation', donationId, request);
  }

  @Get('matching-pools/:poolId/history')
  @ApiOperation({ summary: 'History of a matching pool (配捐): its pledge and every gift it was told of', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'MATCHING_POOL_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  matchingPool(@Param() { poolId }: MatchingPoolIdParams, @Req() request: FastifyRequest) {
    return this.of('matchingPool', poolId, request);
  }

  @Get('grant-rounds/:roundId/history')
  @ApiOperation({ summary: 'History of a 公益创投 round: opening, reviewers (by number), applications, every score and the award', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'GRANT_ROUND_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  grantRound(@Param() { roundId }: GrantRoundIdParams, @Req() request: FastifyRequest) {
    return this.of('grantRound', roundId, request);
  }

  @Get('projects/:projectId/history')
  @ApiOperation({ summary: 'History of a project', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  project(@Param() { projectId }: ProjectIdParams, @Req() request: FastifyRequest) {
    return this.of('project', projectId, request);
  }

  @Get('organisations/:organisationId/history')
  @ApiOperation({ summary: 'History of an organisation', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'ORGANISATION_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  organisation(@Param() { organisationId }: OrganisationIdParams, @Req() request: FastifyRequest) {
    return this.of('organisation', organisationId, request);
  }

  @Get('communities/:communityId/history')
  @ApiOperation({ summary: 'History of a community', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'COMMUNITY_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  community(@Param() { communityId }: CommunityIdParams, @Req() request: FastifyRequest) {
    return this.of('community', communityId, request);
  }

  @Get('volunteers/:volunteerId/history')
  @ApiOperation({ summary: 'History of a volunteer', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  volunteer(@Param() { volunteerId }: VolunteerIdParams, @Req() request: FastifyRequest) {
    return this.of('volunteer', volunteerId, request);
  }

  @Get('social-workers/:socialWorkerId/history')
  @ApiOperation({ summary: 'History of a social worker', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'SOCIAL_WORKER_NOT_FOUND: no such record, or one the token may not read (not told apart)' })
  socialWorker(@Param() { socialWorkerId }: SocialWorkerIdParams, @Req() request: FastifyRequest) {
    return this.of('socialWorker', socialWorkerId, request);
  }

  /** 个人信息删除: who erased the person's data, when, under which area's authority, and which records named it. */
  @Get('persons/:personRef/history')
  @ApiOperation({ summary: 'The erasure of a person\'s data (by its pseudonymous reference)', description: DESCRIPTION })
  @ApiOkResponse({ type: RecordHistoryDto })
  @ApiNotFoundResponse({ description: 'PERSON_NOT_FOUND: no erasure was recorded for this reference, or the token may not see the person (not told apart)' })
  person(@Param() { personRef }: PersonRefParams, @Req() request: FastifyRequest) {
    return this.of('person', personRef, request);
  }
}
