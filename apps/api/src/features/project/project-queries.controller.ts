import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type BidItem, type Page, type ProjectDetail, type ProjectListItem, ReadModelQueries, type StationWeekItem } from '#read-models';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
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
}

/** 民生项目清单: the public projects list, one project with its bids, staff, weekly hours and reports owed. */
@ApiTags('projects 民生项目')
@Controller('projects')
export class ProjectQueriesController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly readConsistency: ReadConsistency,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'A page of projects, newest design first, with funding gap, hours, staff and reports overdue' })
  async list(@Query() query: ProjectListQueryDto): Promise<Page<ProjectListItem>> {
    const { minPosition, ...filters } = query;
    await this.readConsistency.atLeast(minPosition);
    return this.queries.projects(filters);
  }

  @Get(':projectId')
  @ApiOkResponse({ description: 'The project with bids, staff, weekly station hours (rule 2) and the reports it owes (rule 10)' })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND' })
  async detail(@Param() { projectId }: ProjectIdParams, @Query() { minPosition, weekOf }: ProjectDetailQueryDto): Promise<ProjectView> {
    await this.readConsistency.atLeast(minPosition);
    const project = await this.queries.project(projectId);
    const [bids, weeklyHours] = await Promise.all([
      this.queries.bids({ projectId, limit: INLINE_BIDS }),
      project.kind === 'social_work_station' ? this.queries.stationWeeklyHours(projectId, { weekOf }) : Promise.resolve([]),
    ]);
    return { ...project, bids: bids.items, bidsNextCursor: bids.nextCursor, weeklyHours };
  }

  @Get(':projectId/bids')
  @ApiOkResponse({ description: "A page of the project's bids in submission order" })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND' })
  async bids(@Param() { projectId }: ProjectIdParams, @Query() query: BidListQueryDto): Promise<Page<BidItem>> {
    const { minPosition, ...filters } = query;
    await this.readConsistency.atLeast(minPosition);
    // An unknown project answers 404, not an empty page that looks like "no bids yet".
    await this.queries.project(projectId);
    return this.queries.bids({ ...filters, projectId });
  }
}
