import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type NeedDetail, type NeedListItem, needPublicForm, type Page, ReadModelQueries } from '#read-models';
import { readerRows, readerView, type Viewed } from '../../http/reader-access.js';
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
  @ApiOkResponse({
    description:
      'A page of needs, newest first, and the cursor of the next page (null on the last). Anonymous: the notice board of every area; signed in: the needs of the token\'s area (README "Who may see what"). ' +
      'Funding, in fen: matchedAmountFen (resources matched: donations, goods and venue time at appraised value), poolMatchedFen (配捐: what matching pools gave for the gifts to the need, less reversals) and fundedFen (their sum).',
  })
  async list(@Query() query: NeedListQueryDto, @Req() request: FastifyRequest): Promise<Page<NeedListItem>> {
    const { minPosition, ...filters } = query;
    await this.readConsistency.atLeast(minPosition);
    return this.queries.needs({ ...filters, scope: readerRows(request, 'need') });
  }

  @Get(':needId')
  @ApiOkResponse({
    description:
      'view "full": the need with its matches (matchList), the beneficiary only by pseudonymous reference (offices, committees, charity bases and auditors of its area); ' +
      'view "public": the notice-board item (other readers in the area)',
  })
  @ApiNotFoundResponse({ description: 'NEED_NOT_FOUND: no such need, or one outside the token\'s area (not told apart)' })
  async detail(@Param() { needId }: NeedIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<Viewed<NeedDetail, NeedListItem>> {
    await this.readConsistency.atLeast(minPosition);
    const need = await this.queries.need(needId);
    return readerView(request, 'need', needId, { area: need.area }, need, needPublicForm);
  }
}
