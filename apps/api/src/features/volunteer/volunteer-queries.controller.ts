import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { PersonalDataVault } from '#event-store';
import { type Page, ReadModelQueries, type VolunteerDetail, type VolunteerItem } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { PERSONAL_DATA_VAULT } from '../../infrastructure/tokens.js';
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
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first; filter by area, category, status or free hours a week' })
  async list(@Query() query: VolunteerListQueryDto): Promise<Page<VolunteerItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.volunteers(filters);
  }

  @Get(':volunteerId')
  @ApiOkResponse({ description: 'The volunteer with assignments; `name` from the vault, null with `personalDataErased` once erased' })
  @ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND' })
  async detail(@Param() { volunteerId }: VolunteerIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<VolunteerDetail & PersonView> {
    await this.consistency.atLeast(minPosition);
    const volunteer = await this.queries.volunteer(volunteerId);
    return { ...volunteer, ...(await personViewOf(this.vault, volunteer.personRef, authenticatedActor(request), { area: volunteer.area })) };
  }
}
