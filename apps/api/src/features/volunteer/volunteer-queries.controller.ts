import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { coordinatedHoursScope, creatorOf } from '#application';
import { accountOf } from '#domain';
import type { EventStore, PersonalDataVault } from '#event-store';
import { type Page, type PendingHoursItem, ReadModelQueries, type VolunteerDetail, type VolunteerItem } from '#read-models';
import { HoursEntriesDto, PendingHoursPageDto, PendingHoursQueryDto } from './volunteer-hours.dto.js';
import { authenticatedActor } from '../../http/authentication.js';
import { readerRows, readerView, type Viewed } from '../../http/reader-access.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { EVENT_STORE, PERSONAL_DATA_VAULT } from '../../infrastructure/tokens.js';
import { type PersonView, personViewOf } from './person-view.js';
import { VolunteerIdParams, VolunteerListQueryDto } from './volunteer.dto.js';

/** Volunteers on the resources list: skills, free hours, hours served. Names only in the detail. */
@ApiTags('volunteers 志愿者')
@Controller('volunteers')
export class VolunteerQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first; filter by area, category, status or free hours a week' })
  async list(@Query() query: VolunteerListQueryDto, @Req() request: FastifyRequest): Promise<Page<VolunteerItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.volunteers({ ...filters, scope: readerRows(request, 'volunteer') });
  }

  /**
   * 待确认时长 (issue 13 item 1): the self-reported entries this reader may confirm or decline, across its volunteers —
   * the same rule as ConfirmVolunteerHours (coordinatedHoursScope): a committee or civil-affairs office, those of the
   * volunteers of its area; an organisation, those of its area's volunteers on projects it is contracted for; any other
   * reader, none (an empty list).
   */
  @Get('hours/pending')
  @ApiOperation({
    summary: 'Self-reported hours awaiting this coordinator, oldest Beijing service date first',
    description: 'Paginated (`limit` 1-100, default 20; `cursor`); community, street, district narrow it by the volunteer’s area. ' +
      'Hours in 0.01 h. 400 VALIDATION_FAILED, CURSOR_INVALID; 504 READ_MODEL_NOT_CAUGHT_UP with `minPosition`.',
  })
  @ApiOkResponse({ type: PendingHoursPageDto })
  async pendingHours(@Query() query: PendingHoursQueryDto, @Req() request: FastifyRequest): Promise<Page<PendingHoursItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    const scope = coordinatedHoursScope(authenticatedActor(request));
    if (!scope) return { items: [], nextCursor: null };
    return this.queries.pendingHours({ ...filters, ...scope });
  }

  @Get(':volunteerId')
  @ApiOkResponse({ description: 'The volunteer with assignments; `name` from the vault, null with `personalDataErased` once erased' })
  @ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND: no such volunteer, or one the token may not see (README "Who may see what"; not told apart)' })
  async detail(@Param() { volunteerId }: VolunteerIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<Viewed<VolunteerDetail & PersonView, never>> {
    await this.consistency.atLeast(minPosition);
    const { volunteer, seen, createdBy } = await this.visible(volunteerId, request);
    const asker = authenticatedActor(request);
    // The volunteer itself (claim person, or the account that registered it) sees its own name.
    const self = asker?.role === 'volunteer' && (asker.personId === volunteerId || createdBy === accountOf(asker));
    return { ...seen, ...(await personViewOf(this.vault, volunteer.personRef, asker, { area: volunteer.area }, self)) };
  }

  /**
   * The volunteer's hours entries with their status (issue 13 item 1): self-reported ones pending until the
   * coordinator confirms or declines them, a coordinator's own, and the check-outs. Seen by whoever sees the record.
   */
  @Get(':volunteerId/hours')
  @ApiOkResponse({ type: HoursEntriesDto, description: 'Entries, newest service date first; only confirmed ones count' })
  @ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND: no such volunteer, or one the token may not see (not told apart)' })
  async hours(@Param() { volunteerId }: VolunteerIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<HoursEntriesDto> {
    await this.consistency.atLeast(minPosition);
    await this.visible(volunteerId, request);
    const items = await this.queries.volunteerHourEntries(volunteerId);
    const sum = (status: string) => Math.round(items.filter((item) => item.status === status).reduce((total, item) => total + item.hours, 0) * 100) / 100;
    return { items, totals: { confirmed: sum('confirmed'), pending: sum('pending'), declined: sum('declined') } };
  }

  /** The volunteer record as this reader may see it (read-access.ts): 404 VOLUNTEER_NOT_FOUND outside its rows. */
  private async visible(volunteerId: string, request: FastifyRequest) {
    const volunteer = await this.queries.volunteer(volunteerId);
    // Who registered it: a volunteer that registered itself reads its own record (read-access.ts, selfRegistered).
    const createdBy = creatorOf(await this.events.readStream(`volunteer-${volunteerId}`));
    const seen = readerView(request, 'volunteer', volunteerId, { area: volunteer.area, volunteerId, createdBy }, volunteer);
    return { volunteer, seen, createdBy };
  }
}
