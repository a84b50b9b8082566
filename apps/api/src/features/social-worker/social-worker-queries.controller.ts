import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { PersonalDataVault } from '#event-store';
import { type Page, ReadModelQueries, type SocialWorkerDetail, type SocialWorkerItem } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { readerRows, readerView, type Viewed } from '../../http/reader-access.js';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { PERSONAL_DATA_VAULT } from '../../infrastructure/tokens.js';
import { type PersonView, personViewOf } from '../volunteer/person-view.js';
import { SocialWorkerIdParams, SocialWorkerListQueryDto } from './social-worker.dto.js';

/** Social workers on the resources list: grade, qualification (rule 1), employer, hours assigned. */
@ApiTags('social workers 社工')
@Controller('social-workers')
export class SocialWorkerQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Newest first; filter by area, status, grade, qualification, employer or base level' })
  async list(@Query() query: SocialWorkerListQueryDto, @Req() request: FastifyRequest): Promise<Page<SocialWorkerItem>> {
    const { minPosition, ...filters } = query;
    await this.consistency.atLeast(minPosition);
    return this.queries.socialWorkers({ ...filters, scope: readerRows(request, 'socialWorker') });
  }

  @Get(':socialWorkerId')
  @ApiOkResponse({ description: 'The social worker with assignments; `name` from the vault, null with `personalDataErased` once erased' })
  @ApiNotFoundResponse({ description: 'SOCIAL_WORKER_NOT_FOUND: no such social worker, or one the token may not see (README "Who may see what"; not told apart)' })
  async detail(@Param() { socialWorkerId }: SocialWorkerIdParams, @Query() { minPosition }: ConsistencyQueryDto, @Req() request: FastifyRequest): Promise<Viewed<SocialWorkerDetail & PersonView, never>> {
    await this.consistency.atLeast(minPosition);
    const socialWorker = await this.queries.socialWorker(socialWorkerId);
    const record = { area: socialWorker.area, employerOrganisationId: socialWorker.employerOrganisationId };
    const seen = readerView(request, 'socialWorker', socialWorkerId, record, socialWorker);
    const asker = authenticatedActor(request);
    const self = asker?.role === 'social_worker' && asker.personId === socialWorkerId;
    return { ...seen, ...(await personViewOf(this.vault, socialWorker.personRef, asker, record, self)) };
  }
}
