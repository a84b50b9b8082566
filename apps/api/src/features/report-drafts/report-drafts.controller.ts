import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiBadRequestResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ReportComparison, type ReportDraft, type ReportDrafts, CommandService, reportDraftsOver } from '#application';
import type { EventStore } from '#event-store';
import { ReadModelQueries } from '#read-models';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
import { HttpApiError } from '../../http/api-error.js';
import { authenticatedActor } from '../../http/authentication.js';
import { CONTENT_TYPES } from '../spreadsheets/spreadsheet.js';
import { draftWorkbook } from './report-workbook.js';
import { ReportComparisonDto, ReportComparisonParams, ReportDraftDto, ReportDraftParams, ReportDraftQueryDto } from './report-drafts.dto.js';

const actorOf = (request: FastifyRequest) => {
  const actor = authenticatedActor(request);
  if (!actor) throw new HttpApiError(401, 'AUTHENTICATION_REQUIRED', 'Send Authorization: Bearer <token>');
  return actor;
};

/**
 * 减负 (seeds 000, 002, 003; rule 10): the reports a contract owes, drafted from the project's facts;
 * filed through POST /projects/{projectId}/reports with the figures (JSON or the corrected workbook);
 * compared with the facts for the bureau.
 */
@ApiTags('projects 民生项目')
@Controller('projects')
export class ReportDraftsController {
  private readonly drafts: ReportDrafts;

  constructor(commands: CommandService, queries: ReadModelQueries, @Inject(EVENT_STORE) events: EventStore) {
    this.drafts = reportDraftsOver(commands, queries, events);
  }

  @Get(':projectId/reports/:reportKind/draft')
  @ApiOperation({
    summary: 'Draft of a report the contract owes, from the facts (seeds 000, 002, 003 减负; rule 10)',
    description:
      'Figures computed from the project\'s stored facts in the report\'s span (Beijing dates): deliveries by kind (category) and community, ' +
      'hours delivered, by social worker and by social worker and week (rule 2: 24 h a week at a station), volunteer hours, beneficiaries served, ' +
      'ratings (好差评) and the contract price in fen. Money in fen from the facts of the donations matched to the project and the ' +
      'matching pools that matched them (配捐), in the span and standing at its end: money.donations.matched|released|matched_to_date, ' +
      'money.pool.matched|reversed|matched_to_date, money.spent|spent_to_date (disbursed); goods and venue time are not money. ' +
      'Read from the event store, so a delivery is in it as soon as it was answered; the donation and pool streams are found through the ' +
      'read models, waited to the log head (504 READ_MODEL_NOT_CAUGHT_UP when they lag; 503 READ_MODEL_STOPPED). ' +
      'format=xlsx: one sheet 报告数据 with Chinese headers: key, label, unit, the figure from the facts, and an empty column for the ' +
      "organisation's corrected figure; money shown and corrected in yuan (元, two decimals); file it back base64 in POST /projects/{projectId}/reports (workbook). " +
      "Only the contracted organisation's staff (social_organisation, social_worker) in the project's area.",
  })
  @ApiProduces('application/json', CONTENT_TYPES.xlsx)
  @ApiOkResponse({ type: ReportDraftDto })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED; NOT_YOUR_RECORD: another organisation; OUTSIDE_YOUR_AREA' })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND; CONTRACT_NOT_FOUND: not contracted, no report owed' })
  @ApiBadRequestResponse({ description: 'REPORT_PERIOD_INVALID: a monthly brief needs period=YYYY-MM' })
  async draft(
    @Param() { projectId, reportKind }: ReportDraftParams,
    @Query() { period, format }: ReportDraftQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportDraft | Buffer> {
    const draft = await this.drafts.draft(projectId, reportKind, period ?? null, actorOf(request));
    if (format !== 'xlsx') return draft;
    reply.header('Content-Type', CONTENT_TYPES.xlsx);
    reply.header('Content-Disposition', `attachment; filename="report-${projectId}-${reportKind}-${draft.period.replace('/', '_')}.xlsx"`);
    return draftWorkbook(draft);
  }

  @Get(':projectId/reports/:reportId/comparison')
  @ApiOperation({
    summary: 'A filed report\'s figures next to the facts\' at filing time, differences flagged (减负; rule 10)',
    description: 'For the civil-affairs bureau over the project\'s area and the auditors of the area. Units as in the draft (fen, hours, counts).',
  })
  @ApiOkResponse({ type: ReportComparisonDto })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED: not civil_affairs_bureau or auditor; OUTSIDE_YOUR_AREA' })
  @ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND; REPORT_NOT_FOUND' })
  comparison(@Param() { projectId, reportId }: ReportComparisonParams, @Req() request: FastifyRequest): Promise<ReportComparison> {
    return this.drafts.comparison(projectId, reportId, actorOf(request));
  }
}
