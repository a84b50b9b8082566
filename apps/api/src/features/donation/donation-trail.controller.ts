import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthenticatedActor, DonationTrail, type DonationTrailView, type TrailTotals } from '#application';
import { accountOf, forbidden } from '#domain';
import type { EventStore } from '#event-store';
import { type PoolGiftItem, ReadModelQueries } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
import { DonationIdParams } from './donation.dto.js';
import { DonationTrailDto, DonorTrailDto } from './donation-trail.dto.js';

/** The roles that pledge, so may ask for the gifts they pledged themselves. */
const PLEDGING_ROLES: readonly string[] = ['donor', 'resident', 'charity_base', 'civil_affairs_bureau'];

const TOTAL_KEYS = ['pledgedFen', 'allocatedFen', 'disbursedFen', 'undisbursedFen', 'releasedFen', 'refundedFen', 'unallocatedFen'] as const;
const sumTotals = (gifts: readonly DonationTrailView[]): TrailTotals => {
  const sums = Object.fromEntries(TOTAL_KEYS.map((key) => [key, gifts.reduce((total, gift) => total + gift.totals[key], 0)])) as Record<(typeof TOTAL_KEYS)[number], number>;
  const receipted = gifts.filter((gift) => gift.totals.receiptedFen !== null);
  return { ...sums, receiptedFen: receipted.length === 0 ? null : receipted.reduce((total, gift) => total + gift.totals.receiptedFen!, 0) };
};

/** 捐赠去向: where a gift went, from pledge to the services it paid for. */
@ApiTags('donations 慈善资源')
@Controller()
export class DonationTrailController {
  private readonly trails: DonationTrail;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {
    this.trails = new DonationTrail(store);
  }

  @Get('donations/:donationId/trail')
  @ApiOperation({
    summary: "A gift's trail in one call",
    description:
      'Pledged -> matched (to which need or project, with its title) -> disbursed -> what the target delivered and to how many ' +
      '-> receipt, refunds, releases and corrections, read from the donation\'s stream and its targets\' streams. ' +
      'totals add up: pledgedFen = allocatedFen + unallocatedFen + refundedFen (fen). Only the donor that pledged it, and the ' +
      'charity base, civil-affairs office and auditors of its area see it. poolMatches: what each matching pool (配捐) made of its gifts ' +
      '(matched, left unmatched with a reason, or reversed when the gift was released); `minPosition` waits until they include a gift.',
  })
  @ApiOkResponse({ type: DonationTrailDto })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED (committees, organisations, volunteers...), NOT_YOUR_RECORD (another donor\'s gift), OUTSIDE_YOUR_AREA' })
  @ApiNotFoundResponse({ description: 'DONATION_NOT_FOUND' })
  async trail(
    @Param() { donationId }: DonationIdParams,
    @Query() { minPosition }: ConsistencyQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<DonationTrailView & { poolMatches: Omit<PoolGiftItem, 'donationId'>[] }> {
    // Who may see the trail is decided first (trails.of), before anything of the pools is read.
    const trail = await this.trails.of(donationId, authenticatedActor(request)!);
    await this.consistency.atLeast(minPosition);
    const poolMatches = (await this.queries.poolGiftsOfDonation(donationId)).map(({ donationId: _donation, ...gift }) => gift);
    return { ...trail, poolMatches };
  }

  @Get('donors/me/trail')
  @ApiOperation({
    summary: "A donor's own view of all its gifts",
    description:
      'The trails of every donation the token\'s subject pledged (the account the pledge recorded), oldest first, with the sums. ' +
      'For the roles that pledge: donor, resident, charity_base, civil_affairs_bureau. `minPosition` reads your own writes.',
  })
  @ApiOkResponse({ type: DonorTrailDto })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED: the role never pledges' })
  async mine(@Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<{ donor: string; gifts: DonationTrailView[]; totals: TrailTotals }> {
    const asker: AuthenticatedActor = authenticatedActor(request)!;
    if (!PLEDGING_ROLES.includes(asker.role)) {
      throw forbidden('ROLE_NOT_PERMITTED', `A ${asker.role} pledges no gifts`, { role: asker.role, roles: PLEDGING_ROLES });
    }
    const donationIds = await this.queries.donationsPledgedBy(accountOf(asker), minPosition === undefined ? {} : { minPosition });
    const gifts = await this.trails.ofMany(donationIds);
    return { donor: asker.id, gifts, totals: sumTotals(gifts) };
  }
}
