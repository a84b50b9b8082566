import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { donationDecider } from '#domain';
import { AggregateStore, type PersonalDataVault } from '#event-store';
import { type DonationDetail, type DonationItem, type Page, ReadModelQueries } from '#read-models';
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
  async list(@Query() query: DonationListQueryDto): Promise<Page<DonationItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.donations(filters);
  }

  @Get(':donationId')
  @ApiOkResponse({
    description:
      'The donation with its matches. `donor.name` is what the public sees (匿名 for residents); ' +
      "`donor.personalDataErased` tells whether the donor's identity kept for receipts was erased",
  })
  @ApiNotFoundResponse({ description: 'DONATION_NOT_FOUND' })
  async detail(
    @Param() { donationId }: DonationIdParams,
    @Query() { minPosition }: ConsistencyQueryDto,
  ): Promise<DonationDetail & { donor: DonationDetail['donor'] & { personalDataErased: boolean } }> {
    await this.consistency.atLeast(minPosition);
    const donation = await this.queries.donation(donationId);
    return { ...donation, donor: { ...donation.donor, personalDataErased: await this.donorErased(donationId) } };
  }

  /**
   * The donor reference is not on the read model; the pledge (the stream's first event, which never
   * changes) has it. A donation's stream is a handful of events.
   */
  private async donorErased(donationId: string): Promise<boolean> {
    const { state } = await this.aggregates.load(donationDecider, donationId);
    const donorRef = state.status === 'absent' ? null : state.donor.donorRef;
    return donorRef !== null && (await this.vault.isErased(donorRef));
  }
}
