import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { matchingPoolCommands, matchingPoolRows, readAccess, rowInScope } from '#application';
import {
  beijingWallClockInstant, matchingPoolDecider, notFound, poolGifts, type MatchingPoolRecord, type UnmatchedReason,
} from '#domain';
import { AggregateStore, type CommandEnvelope } from '#event-store';
import { type MatchingPoolItem, ReadModelQueries } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { RunCommand } from '../../infrastructure/run-command.js';
import { MatchingPoolIdParams, MatchingPoolListQueryDto, MatchingPoolViewDto, PledgeMatchingPoolDto, TopUpMatchingPoolDto } from './matching-pool.dto.js';

/** A pool reaches down from the levels it names (read-access.ts, matchingPoolRows). */
const visible = (request: FastifyRequest, pool: Pick<MatchingPoolRecord, 'area'>): boolean => rowInScope(matchingPoolRows(authenticatedActor(request)), { area: pool.area });

/** What the pool's stream says now: balance and usage by donor (counted, never named) and by need or project. */
const viewOf = (pool: MatchingPoolRecord, now: Date): MatchingPoolViewDto => {
  const gifts = poolGifts(pool);
  const byDonor = new Map<string, number>();
  const byTarget = new Map<string, { kind: string; id: string; matchedFen: number }>();
  const unmatchedByReason: Partial<Record<UnmatchedReason, number>> = {};
  let unmatched = 0;
  for (const gift of gifts) {
    if (gift.outcome === 'unmatched') {
      unmatched++;
      if (gift.reason) unmatchedByReason[gift.reason] = (unmatchedByReason[gift.reason] ?? 0) + 1;
      continue;
    }
    const id = gift.target.kind === 'need' ? gift.target.needId : gift.target.projectId;
    const key = `${gift.target.kind}:${id}`;
    const running = gift.outcome === 'matched' ? gift.matchFen : 0;
    byDonor.set(gift.donorAccount, (byDonor.get(gift.donorAccount) ?? 0) + running);
    const target = byTarget.get(key) ?? { kind: gift.target.kind, id, matchedFen: 0 };
    byTarget.set(key, { ...target, matchedFen: target.matchedFen + running });
  }
  const opens = beijingWallClockInstant(pool.opensAt)!;
  // Closed early, the window ends at the close.
  const closes = pool.closedAt ? new Date(Math.min(Date.parse(pool.closedAt), beijingWallClockInstant(pool.closesAt)!.getTime())) : beijingWallClockInstant(pool.closesAt)!;
  const matchedFen = pool.pledgedFen - pool.balanceFen;
  const donorsMatched = [...byDonor.values()].filter((fen) => fen > 0);
  return {
    poolId: pool.poolId,
    sponsor: { kind: pool.sponsor.kind, name: pool.sponsor.displayName },
    ratio: { ...pool.ratio },
    perDonorCapFen: pool.perDonorCapFen,
    perTargetCapFen: pool.perTargetCapFen,
    opensAt: pool.opensAt,
    closesAt: pool.closesAt,
    window: now < opens && !pool.closedAt ? 'upcoming' : now < closes ? 'open' : 'closed',
    closedAt: pool.closedAt,
    area: { ...pool.area },
    categories: pool.categories ? [...pool.categories] : null,
    pledgedFen: pool.pledgedFen,
    balanceFen: pool.balanceFen,
    matchedFen,
    donors: donorsMatched.length,
    donorsAtCap: donorsMatched.filter((fen) => fen >= pool.perDonorCapFen).length,
    targets: [...byTarget.values()].filter((target) => target.matchedFen > 0).map((target) => ({ ...target, atCap: target.matchedFen >= pool.perTargetCapFen })),
    gifts: {
      matched: gifts.filter((gift) => gift.outcome === 'matched').length,
      unmatched,
      reversed: gifts.filter((gift) => gift.outcome === 'reversed').length,
      unmatchedByReason,
    },
  };
};

/** 配捐: matching pools pledged by enterprises and foundations, and what each gift drew from them. */
@ApiTags('matching pools 配捐')
@Controller('matching-pools')
export class MatchingPoolController {
  constructor(
    private readonly commands: CommandBus,
    private readonly aggregates: AggregateStore,
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Pledge a matching pool (配捐)',
    description:
      'A donor (an enterprise or foundation, token role donor) pledges a pool that matches other donors\' money gifts to needs and projects ' +
      'in its area: match = floor(gift fen x ratio.match / ratio.gift), cut to what is left of the donor\'s cap (all its gifts in the window ' +
      'together, by the account that pledged each donation), of the need\'s or project\'s cap and of the pool. The window is Beijing wall-clock ' +
      'time, opensAt inclusive, closesAt exclusive, judged by when each gift was made. The sponsor\'s own gifts are never matched. ' +
      'MatchingPoolPledged; each gift is then told to the pool by the service (GiftMatched or GiftLeftUnmatched with its reason), and a ' +
      'released gift gives its match back (GiftMatchReversed). Seed 000: 慈善资源 fill the funding gaps; issue 13 item 2.',
  })
  @ApiCreatedResponse({ type: CommandResponse, description: 'MatchingPoolPledged; id is the poolId' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, POOL_SPONSOR_KIND_INVALID, MATCH_RATIO_INVALID, POOL_CAP_INVALID, POOL_WINDOW_INVALID, POOL_WINDOW_PAST, AREA_INVALID' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED (only a donor pledges a pool), OUTSIDE_YOUR_AREA (the pool\'s area outside the token\'s)' })
  @ApiConflictResponse({ description: 'MATCHING_POOL_ALREADY_EXISTS (a retried Idempotency-Key answers the first attempt instead)' })
  async pledge(@Body() dto: PledgeMatchingPoolDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const poolId = newId(envelope, 'matching-pool');
    const { district = '', street = '', community = '' } = dto.area;
    const handled = await this.commands.execute(
      new RunCommand(matchingPoolCommands, poolId, {
        type: 'PledgeMatchingPool',
        data: {
          poolId,
          sponsor: { kind: dto.sponsor.kind, displayName: dto.sponsor.displayName },
          pledgedFen: dto.pledgedFen,
          ratio: { gift: dto.ratio.gift, match: dto.ratio.match },
          perDonorCapFen: dto.perDonorCapFen,
          perTargetCapFen: dto.perTargetCapFen,
          opensAt: dto.opensAt,
          closesAt: dto.closesAt,
          area: { city: dto.area.city, district, street, community },
          categories: dto.categories ?? null,
        },
      }, envelope),
    );
    return toCommandResponse(poolId, handled);
  }

  @Post(':poolId/top-up') @HttpCode(200)
  @ApiOperation({
    summary: 'Raise a matching pool (补充配捐)',
    description:
      'The sponsor that pledged the pool (its account, token role donor) adds amountFen to its pledge and balance, while the window has not ended; ' +
      'the ratio, caps and window stay. MatchingPoolToppedUp. Gifts left unmatched before (pool_exhausted) are not matched again: only gifts from now on draw on it.',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'MatchingPoolToppedUp' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED; POOL_TOP_UP_INVALID: not a whole number of fen above 0, or the pool would pass 10^11 fen' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED (not a donor); NOT_YOUR_RECORD (another sponsor\'s pool); OUTSIDE_YOUR_AREA' })
  @ApiNotFoundResponse({ description: 'MATCHING_POOL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'POOL_CLOSED (closed early); POOL_WINDOW_ENDED (its closesAt has passed)' })
  async topUp(@Param() { poolId }: MatchingPoolIdParams, @Body() dto: TopUpMatchingPoolDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const handled = await this.commands.execute(new RunCommand(matchingPoolCommands, poolId, { type: 'TopUpMatchingPool', data: { poolId, amountFen: dto.amountFen } }, envelope));
    return toCommandResponse(poolId, handled);
  }

  @Post(':poolId/close') @HttpCode(200)
  @ApiOperation({
    summary: 'Close a matching pool before its window ends',
    description:
      'The sponsor that pledged the pool closes it now: a gift made from then on is left unmatched (outside_window); the matches made stand, ' +
      'a released gift still gives its match back, and what is left (balanceFen) stays with the sponsor. MatchingPoolClosed.',
  })
  @ApiOkResponse({ type: CommandResponse, description: 'MatchingPoolClosed' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED (not a donor); NOT_YOUR_RECORD (another sponsor\'s pool); OUTSIDE_YOUR_AREA' })
  @ApiNotFoundResponse({ description: 'MATCHING_POOL_NOT_FOUND' })
  @ApiConflictResponse({ description: 'POOL_ALREADY_CLOSED; POOL_WINDOW_ENDED (its closesAt has passed: it closed by itself)' })
  async close(@Param() { poolId }: MatchingPoolIdParams, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const handled = await this.commands.execute(new RunCommand(matchingPoolCommands, poolId, { type: 'CloseMatchingPool', data: { poolId } }, envelope));
    return toCommandResponse(poolId, handled);
  }

  @Get()
  @ApiOperation({ summary: 'Matching pools that reach the reader\'s area', description: 'Newest first, with balance (fen) and gift counts; `minPosition` reads your own writes.' })
  @ApiOkResponse({ description: 'MatchingPoolItem[]' })
  async list(@Query() { minPosition, limit }: MatchingPoolListQueryDto, @Req() request: FastifyRequest): Promise<MatchingPoolItem[]> {
    await this.consistency.atLeast(minPosition);
    const { rows } = readAccess(authenticatedActor(request), 'donation');
    return this.queries.matchingPools({ scope: rows, ...(limit === undefined ? {} : { limit }) });
  }

  @Get(':poolId')
  @ApiOperation({
    summary: 'A matching pool with its balance and usage',
    description:
      'Read from the pool\'s stream: pledgedFen = matchedFen + balanceFen; how many donors were matched and how many reached their cap ' +
      '(never who); each need or project matched, with its running match and whether its cap is reached; gifts matched, left unmatched ' +
      '(by reason) and reversed. `minPosition` (a gift\'s position) waits until the service has told the pool of it.',
  })
  @ApiOkResponse({ type: MatchingPoolViewDto })
  @ApiNotFoundResponse({ description: 'MATCHING_POOL_NOT_FOUND: no such pool, or one outside the token\'s area (not told apart)' })
  async view(@Param() { poolId }: MatchingPoolIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<MatchingPoolViewDto> {
    await this.consistency.atLeast(minPosition);
    const { state } = await this.aggregates.load(matchingPoolDecider, poolId);
    if (state.status === 'absent' || !visible(request, state)) throw notFound('MATCHING_POOL_NOT_FOUND', `No matching pool ${poolId}`, { poolId });
    return viewOf(state, new Date());
  }
}
