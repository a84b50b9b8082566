import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type NeedDetail, type NeedListItem, type Page, ReadModelQueries } from '#read-models';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { NeedIdParams, NeedListQueryDto } from './need.dto.js';

/** 居民需求清单: the public needs list and one need with its matches. */
@ApiTags('needs 居民需求')
@Controller('needs')
export class NeedQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly readConsistency: ReadConsistency,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'A page of needs, newest first, and the cursor of the next page (null on the last)' })
  async list(@Query() query: NeedListQueryDto): Promise<Page<NeedListItem>> {
    const { minPosition, ...filters } = query;
    await this.readConsistency.atLeast(minPosition);
    return this.queries.needs(filters);
  }

  @Get(':needId')
  @ApiOkResponse({ description: 'The need with its matches (matchList); the beneficiary only by pseudonymous reference' })
  @ApiNotFoundResponse({ description: 'NEED_NOT_FOUND' })
  async detail(@Param() { needId }: NeedIdParams, @Query() { minPosition }: ConsistencyQueryDto): Promise<NeedDetail> {
    await this.readConsistency.atLeast(minPosition);
    return this.queries.need(needId);
  }
}
