import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { OpenContracting } from '#application';
import type { EventStore } from '#event-store';
import type { WusheConfig } from '#platform';
import { ReadModelQueries } from '#read-models';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { EVENT_STORE, WUSHE_CONFIG } from '../../infrastructure/tokens.js';
import { ProjectIdParams, ProjectListQueryDto } from '../project/project.dto.js';

/** The address a package is published at: this request's own URL. */
const requestUri = (request: FastifyRequest): string => `${request.protocol}://${request.host}${request.url}`;

const PACKAGE_SCHEMA = { type: 'object', additionalProperties: true } as const;

/**
 * 政府购买服务信息公开 as Open Contracting Data Standard 1.1: every project bought through government
 * purchase of services, as releases and a compiled record. Public, like the projects list: a purchase's
 * tender, award, contract and implementation carry no personal data.
 */
@ApiTags('open contracting 政府购买服务公开')
@Controller()
export class OpenContractingController {
  private readonly openContracting: OpenContracting;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(WUSHE_CONFIG) config: WusheConfig,
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {
    this.openContracting = new OpenContracting(store, { ocidPrefix: config.OCDS_OCID_PREFIX, publisherName: config.OCDS_PUBLISHER_NAME });
  }

  @Get('projects/:projectId/ocds')
  @ApiOperation({
    summary: "A project's OCDS record package",
    description:
      'One record (ocid `<OCDS_OCID_PREFIX>-<projectId>`) with every release (planning, tender, tenderUpdate, award + contract, ' +
      'implementation, contractTermination) and the compiled release merged from them. Amounts in yuan (CNY), exact from fen; dates ' +
      'in Beijing time. Field mapping: README, "Open contracting".',
  })
  @ApiOkResponse({ description: 'OCDS 1.1 record package', schema: PACKAGE_SCHEMA })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND' })
  record(@Param() { projectId }: ProjectIdParams, @Req() request: FastifyRequest) {
    return this.openContracting.recordPackage(projectId, requestUri(request));
  }

  @Get('ocds/releases')
  @ApiOperation({
    summary: 'Every government purchase as an OCDS release package',
    description:
      "The releases of a page of projects, chosen with the projects list's own filters (area, category, status, kind, contractor, " +
      'funding gap), newest project first; `links.next` fetches the next page until it is absent.',
  })
  @ApiOkResponse({ description: 'OCDS 1.1 release package', schema: PACKAGE_SCHEMA })
  async releases(@Query() query: ProjectListQueryDto, @Req() request: FastifyRequest) {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    const page = await this.queries.projects(filters);
    const uri = requestUri(request);
    let next: string | null = null;
    if (page.nextCursor) {
      const url = new URL(uri);
      url.searchParams.set('cursor', page.nextCursor);
      next = url.toString();
    }
    return this.openContracting.releasePackage(page.items.map((item) => item.projectId), uri, next, new Date());
  }
}
