import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { chinaDateOf } from '#domain';
import { type Page, ReadModelQueries } from '#read-models';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { DonationListQueryDto } from '../donation/donation.dto.js';
import { NeedListQueryDto } from '../need/need.dto.js';
import { ProjectListQueryDto } from '../project/project.dto.js';
import { DONATION_COLUMNS, NEED_COLUMNS, PROJECT_COLUMNS } from './list-columns.js';
import { type Column, CONTENT_TYPES, SPREADSHEET_FORMATS, type SpreadsheetFormat, toCsv, toXlsx } from './spreadsheet.js';

/** The most rows one export holds; beyond it the file ends and `X-Export-Truncated: true` says so. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 100;

// The list's own filters, every page: no cursor, no limit.
export class NeedExportQueryDto extends OmitType(NeedListQueryDto, ['cursor', 'limit']) {
  @ApiProperty({ enum: SPREADSHEET_FORMATS }) @IsIn(SPREADSHEET_FORMATS) format!: SpreadsheetFormat;
}
export class ProjectExportQueryDto extends OmitType(ProjectListQueryDto, ['cursor', 'limit']) {
  @ApiProperty({ enum: SPREADSHEET_FORMATS }) @IsIn(SPREADSHEET_FORMATS) format!: SpreadsheetFormat;
}
export class DonationExportQueryDto extends OmitType(DonationListQueryDto, ['cursor', 'limit']) {
  @ApiProperty({ enum: SPREADSHEET_FORMATS }) @IsIn(SPREADSHEET_FORMATS) format!: SpreadsheetFormat;
}

const DESCRIPTION =
  "The whole list with the list endpoint's own filters (area, category, status...), newest first, as CSV or Excel: Chinese headers " +
  'with the English field beside them, money in yuan (exact, two decimals). Any authenticated role. Text that a spreadsheet would run ' +
  `as a formula is written with a leading apostrophe. At most ${EXPORT_MAX_ROWS} rows (X-Export-Truncated: true beyond).`;

/** 三项清单导出: the three public lists as spreadsheets, for committees that keep their books in Excel. */
@ApiTags('spreadsheets 表格导入导出')
@Controller()
export class ListExportController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get('needs/export')
  @ApiOperation({ summary: '居民需求清单 as CSV or Excel', description: DESCRIPTION })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async needs(@Query() { format, minPosition, ...filters }: NeedExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.consistency.atLeast(minPosition);
    return this.send(reply, 'needs', format, NEED_COLUMNS, (cursor) => this.queries.needs({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) }));
  }

  @Get('projects/export')
  @ApiOperation({ summary: '民生项目清单 as CSV or Excel', description: DESCRIPTION })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async projects(@Query() { format, minPosition, ...filters }: ProjectExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.consistency.atLeast(minPosition);
    return this.send(reply, 'projects', format, PROJECT_COLUMNS, (cursor) => this.queries.projects({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) }));
  }

  @Get('donations/export')
  @ApiOperation({ summary: '服务资源清单 (donations) as CSV or Excel', description: DESCRIPTION })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async donations(@Query() { format, minPosition, ...filters }: DonationExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    await this.consistency.atLeast(minPosition);
    return this.send(reply, 'donations', format, DONATION_COLUMNS, (cursor) => this.queries.donations({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) }));
  }

  private async send<Row>(reply: FastifyReply, list: string, format: SpreadsheetFormat, columns: readonly Column<Row>[], page: (cursor: string | undefined) => Promise<Page<Row>>): Promise<Buffer> {
    const rows: Row[] = [];
    let cursor: string | undefined;
    let truncated = false;
    for (;;) {
      const { items, nextCursor } = await page(cursor);
      rows.push(...items);
      if (rows.length >= EXPORT_MAX_ROWS) {
        truncated = rows.length > EXPORT_MAX_ROWS || nextCursor !== null;
        rows.length = Math.min(rows.length, EXPORT_MAX_ROWS);
        break;
      }
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    const file = format === 'csv' ? toCsv(columns, rows) : await toXlsx(list, columns, rows);
    void reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${list}-${chinaDateOf(new Date())}.${format}"`)
      .header('x-export-truncated', String(truncated));
    return file;
  }
}
