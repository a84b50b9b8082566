import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { creatorOf } from '#application';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { donationDecider } from '#domain';
import { AggregateStore, type PersonalDataVault } from '#event-store';
import { type DonationDetail, type DonationItem, donationPublicForm, type Page, ReadModelQueries } from '#read-models';
import { readerRows, readerView, type Viewed } from '../../http/reader-access.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { PERSONAL_DATA_VAULT } from '../../infrastructure/tokens.js';
import { DonationIdParams, DonationListQueryDto } from './donation.dto.js';

/** Donations on the resources list with their unallocated balance; venue time is the venues list. */
@ApiTags('donations 慈善资源')
@Controller('donations')
export class DonationQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    private readonly aggregates: AggregateStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first; filter by area, status, resource, earmark category or unallocated balance' })
  async list(@Query() query: DonationListQueryDto, @Req() request: FastifyRequest): Promise<Page<DonationItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.donations({ ...filters, scope: readerRows(request, 'donation') });
  }

  @Get(':donationId')
  @ApiOkResponse({
    description:
      'The donation with its matches. `donor.name` is what the public sees (匿名 for residents); ' +
      "`donor.personalDataErased` tells whether the donor's identity kept for receipts was erased. " +
      'view "full" for the offices, committees, charity bases and auditors of its area and the donor itself; view "public" (the notice-board item) for other readers in the area',
  })
  @ApiNotFoundResponse({ description: 'DONATION_NOT_FOUND: no such donation, or one outside the token\'s area (not told apart)' })
  async detail(
    @Param() { donationId }: DonationIdParams,
    @Query() { minPosition }: ConsistencyQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<Viewed<DonationDetail & { donor: DonationDetail['donor'] & { personalDataErased: boolean } }, DonationItem>> {
    await this.consistency.atLeast(minPosition);
    const donation = await this.queries.donation(donationId);
    const pledge = await this.pledgeOf(donationId);
    const full = { ...donation, donor: { ...donation.donor, personalDataErased: pledge.donorErased } };
    return readerView(request, 'donation', donationId, { area: donation.area, createdBy: pledge.createdBy }, full, donationPublicForm);
  }

  /**
   * The donor's account and reference are not on the read model; the pledge (the stream's first
   * event, which never changes) has them. A donation's stream is a handful of events.
   */
  private async pledgeOf(donationId: string): Promise<{ createdBy: string | null; donorErased: boolean }> {
    const { state, history } = await this.aggregates.load(donationDecider, donationId);
    const donorRef = state.status === 'absent' ? null : state.donor.donorRef;
    return { createdBy: creatorOf(history), donorErased: donorRef !== null && (await this.vault.isErased(donorRef)) };
  }
}
