import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type CommunityItem, type Indicators, type Page, ReadModelQueries } from '#read-models';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { readerRows, readerView, type Viewed } from '../../http/reader-access.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { CommunityIdParams, CommunityListQueryDto } from './community.dto.js';

@ApiTags('communities 社区')
@Controller('communities')
export class CommunityQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Communities by code, filtered by area and kind; `nextCursor` pages on' })
  async list(@Query() query: CommunityListQueryDto, @Req() request: FastifyRequest): Promise<Page<CommunityItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.communities({ ...filters, scope: readerRows(request, 'community') });
  }

  @Get(':communityId')
  @ApiOkResponse({ description: 'The community with its indicators (social workers per 1,000 residents, organisations, volunteers...)' })
  @ApiNotFoundResponse({ description: 'COMMUNITY_NOT_FOUND: no such community, or one outside the token\'s area (not told apart)' })
  async detail(@Param() { communityId }: CommunityIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<Viewed<CommunityItem & { indicators: Indicators }, never>> {
    await this.consistency.atLeast(minPosition);
    const community = await this.queries.community(communityId);
    return readerView(request, 'community', communityId, { area: community.area }, community);
  }
}
