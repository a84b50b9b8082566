import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type CommunityItem, type Indicators, type Page, ReadModelQueries } from '#read-models';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
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
  async list(@Query() query: CommunityListQueryDto): Promise<Page<CommunityItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.communities(filters);
  }

  @Get(':communityId')
  @ApiOkResponse({ description: 'The community with its indicators (social workers per 1,000 residents, organisations, volunteers...)' })
  @ApiNotFoundResponse({ description: 'COMMUNITY_NOT_FOUND' })
  async detail(@Param() { communityId }: CommunityIdParams, @Query() { minPosition }: ConsistencyQueryDto): Promise<CommunityItem & { indicators: Indicators }> {
    await this.consistency.atLeast(minPosition);
    return this.queries.community(communityId);
  }
}
