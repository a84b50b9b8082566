import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { WusheConfig } from '#platform';
import { type BidItem, type HoursBeforeEvaluation, type Page, type ProjectDetail, type ProjectListItem, type ProjectPublicForm, projectPublicForm, ReadModelQueries, type StationWeekItem } from '#read-models';
import { readerRows, readerSees, readerView, type Viewed } from '../../http/reader-access.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { WUSHE_CONFIG } from '../../infrastructure/tokens.js';
import { BidListQueryDto, ProjectDetailQueryDto, ProjectIdParams, ProjectListQueryDto } from './project.dto.js';

/** Bids shown inline on a project; more pages through GET /projects/:projectId/bids. */
const INLINE_BIDS = 100;

export interface ProjectView extends ProjectDetail {
  /** In submission order, first page. */
  bids: BidItem[];
  /** Pass to GET /projects/:projectId/bids for the bids beyond the first page; null when none. */
  bidsNextCursor: string | null;
  /** Rule 2: hours per station social worker and week, newest week first (stations only). */
  weeklyHours: StationWeekItem[];
  /** Per annual evaluation: volunteer hours logged in the weeks before it next to the contract's usual weekly rate (issue 13). */
  hoursBeforeEvaluations: HoursBeforeEvaluation[];
}

/** 民生项目清单: the public projects list, one project with its bids, staff, weekly hours and reports owed. */
@ApiTags('projects 民生项目')
@Controller('projects')
export class ProjectQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly readConsistency: ReadConsistency,
    @Inject(WUSHE_CONFIG) private readonly config: WusheConfig,
  ) {}

  @Get()
  @ApiOkResponse({
    description:
      'A page of projects, newest design first, with funding gap, hours, staff and reports overdue; status `awarded` (公示期) or `challenged` (质疑中) ' +
      'with `award` (standstillLastDay, standstillEndsAt, standstillRunning) and `challenges` {lodged, open}. Funding in fen: fundingMatchedFen ' +
      '(donations matched), fundingPoolMatchedFen (配捐: what matching pools gave for those gifts, less reversals), fundingGapFen (cost less both)',
  })
  async list(@Query() query: ProjectListQueryDto, @Req() request: FastifyRequest): Promise<Page<ProjectListItem>> {
    const { minPosition, ...filters } = query;
    await this.readConsistency.atLeast(minPosition);
    return this.queries.projects({ ...filters, scope: readerRows(request, 'project') });
  }

  @Get(':projectId')
  @ApiOkResponse({
    description:
      'view "full": the project with bids and challenges with their answers (challengeLog; both only the reader\'s own for a bidder\'s staff, every one for the offices, committees and auditors), staff, weekly station hours (rule 2), the reports it owes (rule 10) and, per annual evaluation, ' +
      'hoursBeforeEvaluations: the volunteer hours (confirmed and checked-out, dated by when they were recorded) in the weeks before it next to the contract\'s usual weekly rate, ' +
      'for the offices, committees and auditors of its area and its contractor\'s staff; ' +
      'view "public": the purchase notice (list item, period, requirements, bidding terms) for other readers in the area',
  })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND: no such project, or one outside the token\'s area (not told apart)' })
  async detail(
    @Param() { projectId }: ProjectIdParams,
    @Query() { minPosition, weekOf, weeksBeforeEvaluation }: ProjectDetailQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<Viewed<ProjectView, ProjectPublicForm>> {
    await this.readConsistency.atLeast(minPosition);
    const project = await this.queries.project(projectId);
    const seen = readerView(request, 'project', projectId, this.recordOf(project), project, projectPublicForm);
    if (seen.view === 'public') return seen;
    const [bids, weeklyHours, hoursBeforeEvaluations] = await Promise.all([
      this.queries.bids({ projectId, limit: INLINE_BIDS, scope: readerRows(request, 'bid') }),
      project.kind === 'social_work_station' ? this.queries.stationWeeklyHours(projectId, { weekOf }) : Promise.resolve([]),
      this.queries.hoursBeforeEvaluations(projectId, weeksBeforeEvaluation ?? this.config.HOURS_BEFORE_EVALUATION_WEEKS),
    ]);
    // A challenge (质疑) and its answer are its challenger's, as a bid is its bidder's (the 'bid' rule, as the history
    // shows them): the contractor's staff see their own, not which rival challenged or why; `challenges` still counts all.
    const challengeLog = seen.challengeLog.filter((challenge) => readerSees(request, 'bid', { area: project.area, organisationId: challenge.organisationId }));
    return { ...seen, challengeLog, bids: bids.items, bidsNextCursor: bids.nextCursor, weeklyHours, hoursBeforeEvaluations };
  }

  @Get(':projectId/bids')
  @ApiOkResponse({ description: "A page of the project's bids in submission order" })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND: no such project, or one outside the token\'s area' })
  async bids(@Param() { projectId }: ProjectIdParams, @Query() query: BidListQueryDto, @Req() request: FastifyRequest): Promise<Page<BidItem>> {
    const { minPosition, ...filters } = query;
    await this.readConsistency.atLeast(minPosition);
    // An unknown or unseen project answers 404, not an empty page that looks like "no bids yet".
    const project = await this.queries.project(projectId);
    readerView(request, 'project', projectId, this.recordOf(project), project);
    // The offices, committees and auditors see every bid; a bidder's staff only its own.
    return this.queries.bids({ ...filters, projectId, scope: readerRows(request, 'bid') });
  }

  private recordOf(project: ProjectDetail) {
    return { area: project.area, contractorOrganisationId: project.contractor?.organisationId ?? null };
  }
}
