import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type OrganisationDetail, type OrganisationItem, type Page, ReadModelQueries } from '#read-models';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { readerRows, readerView, type Viewed } from '../../http/reader-access.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { OrganisationIdParams, OrganisationListQueryDto } from './organisation.dto.js';

/** Organisations on the resources list (服务资源清单), with capacity and standing. */
@ApiTags('organisations 社会组织')
@Controller('organisations')
export class OrganisationQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first; filter by area, category, status, kind, free capacity or eligibility to bid' })
  async list(@Query() query: OrganisationListQueryDto, @Req() request: FastifyRequest): Promise<Page<OrganisationItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.organisations({ ...filters, scope: readerRows(request, 'organisation') });
  }

  @Get(':organisationId')
  @ApiOkResponse({ description: 'The organisation with its contracted projects' })
  @ApiNotFoundResponse({ description: 'ORGANISATION_NOT_FOUND: no such organisation, or one outside the token\'s area (not told apart)' })
  async detail(@Param() { organisationId }: OrganisationIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<Viewed<OrganisationDetail, never>> {
    await this.consistency.atLeast(minPosition);
    const organisation = await this.queries.organisation(organisationId);
    return readerView(request, 'organisation', organisationId, { area: organisation.area, organisationId }, organisation);
  }
}
