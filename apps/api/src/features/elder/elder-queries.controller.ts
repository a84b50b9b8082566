import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { maySeePerson } from '#application';
import type { PersonalDataVault } from '#event-store';
import { type ElderItem, ReadModelQueries } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { readerRows, readerView } from '../../http/reader-access.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { PERSONAL_DATA_VAULT } from '../../infrastructure/tokens.js';
import { ElderIdParams } from './elder.dto.js';
import { ElderDetailDto, ElderListQueryDto, ElderPageDto } from './elder-queries.dto.js';

/**
 * 特殊困难老年人名册 as its keepers read it (seed 003 column 3): who is on the register of the reader's area,
 * who is still owed this month's visit. Rows: the civil-affairs office, committee and auditors of the area, and
 * the area's social workers and organisations (who record visits); nobody else (an empty list, 404 for a detail).
 * Who the person is comes from the vault, only for readers who may see the person (maySeePerson: the office,
 * committee and auditors of the area; the organisations' staff see the row without the person).
 */
@ApiTags('elders 特殊困难老年人走访')
@Controller('elders')
export class ElderQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The register of elderly people in special difficulty in the reader’s area, newest registration first',
    description: 'Paginated (`limit` 1-100, default 20; `cursor`); filters community, street, district, status, visitedThisMonth (Beijing month). ' +
      'Outside the reader’s area nothing is listed. 400 VALIDATION_FAILED, CURSOR_INVALID; 504 READ_MODEL_NOT_CAUGHT_UP with `minPosition`.',
  })
  @ApiOkResponse({ type: ElderPageDto })
  async list(@Query() query: ElderListQueryDto, @Req() request: FastifyRequest): Promise<ElderPageDto> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    const page = await this.queries.elders({ ...filters, scope: readerRows(request, 'elder') });
    const items = await Promise.all(page.items.map(async ({ personRef, ...item }) => ({ ...item, ...(await this.personOf(item, request, personRef)) })));
    return { items, nextCursor: page.nextCursor };
  }

  @Get(':elderId')
  @ApiOperation({ summary: 'One person on the register with every home visit (newest first) and, for readers who may see the person, name, phone, id number and address' })
  @ApiOkResponse({ type: ElderDetailDto })
  @ApiNotFoundResponse({ description: 'ELDER_NOT_FOUND: no such person, or one outside the reader’s area or rows (README "Who may see what"; not told apart)' })
  async detail(@Param() { elderId }: ElderIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<ElderDetailDto> {
    await this.consistency.atLeast(minPosition);
    const elder = await this.queries.elder(elderId);
    const { personRef, view: _view, ...seen } = readerView(request, 'elder', elderId, { area: elder.area }, elder);
    return { ...seen, ...(await this.personOf(elder, request, personRef, true)) };
  }

  /** The person from the vault when this reader may see it; else hidden (and the vault is not read). */
  private async personOf(item: ElderItem, request: FastifyRequest, personRef: string, withIdNumber = false) {
    if (!maySeePerson(authenticatedActor(request), { area: item.area })) return { person: null, personalDataErased: false, personalDataHidden: true };
    const [data, erased] = await Promise.all([this.vault.get(personRef), this.vault.isErased(personRef)]);
    if (erased || !data) return { person: null, personalDataErased: erased, personalDataHidden: false };
    const listed = { name: data.name ?? null, phone: data.phone ?? null, address: data.address ?? null };
    const person = withIdNumber ? { ...listed, idNumber: data.idNumber ?? null } : listed;
    return { person, personalDataErased: false, personalDataHidden: false };
  }
}
