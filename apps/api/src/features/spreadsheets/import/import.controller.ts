import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags,
  ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ActingActor, checkRole, CommandService, PersonalDataStep } from '#application';
import { envelopeFromRequest } from '../../../http/command-context.js';
import { HttpApiError } from '../../../http/api-error.js';
import { CONTENT_TYPES } from '../spreadsheet.js';
import { BulkImport, type ImportKind, type ImportResult, NEED_IMPORT, VOLUNTEER_IMPORT } from './bulk-import.js';
import { importTemplate, IMPORT_MAX_COLUMNS, IMPORT_MAX_ROWS, readImportSheet } from './import-sheet.js';
import { WORKBOOK_MAX_PARTS, WORKBOOK_MAX_UNCOMPRESSED_BYTES } from '../workbook-archive.js';
import { IMPORT_MAX_BYTES } from './spreadsheet-uploads.js';

const TEMPLATE = 'The Excel template (.xlsx): the header row (Chinese header with the English field), drop-down lists of the choices, and a sheet 填写说明 on every column. Any authenticated role.';
const IMPORT =
  `The filled-in template as the request body (Content-Type ${CONTENT_TYPES.xlsx}, at most ${IMPORT_MAX_BYTES / 1024 / 1024} MB and ${IMPORT_MAX_ROWS} rows). ` +
  'Every row is checked first with the HTTP command’s own validation and decision (DTO, role, community, authority, rules) and nothing is stored unless ' +
  'every row passes; then each row is recorded through that command, personal data to the vault. Each row’s idempotency key is a hash of its cells, ' +
  'scoped to the importing office: importing the same file again records nothing twice (alreadyImported). ' +
  'A formula counts by the value Excel saved with it. ' +
  `413 WORKBOOK_TOO_LARGE: the workbook inflates beyond ${WORKBOOK_MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB or ${WORKBOOK_MAX_PARTS} parts (a zip bomb), refused before it is parsed. ` +
  '422 IMPORT_REJECTED: details.problems [{row (Excel row number), column (Chinese header), code, message}], codes such as IMPORT_NOT_XLSX, ' +
  `IMPORT_TOO_MANY_ROWS, IMPORT_TOO_MANY_COLUMNS (over ${IMPORT_MAX_COLUMNS}), IMPORT_FORMULA_WITHOUT_VALUE (a formula saved without its value), IMPORT_CELL_ERROR (#REF!...), ` +
  'VALIDATION_FAILED; 409 IMPORT_INTERRUPTED (a race while storing: import again).';
const FILE_BODY = { schema: { type: 'string', format: 'binary' } } as const;

/** 批量导入: needs and volunteers from the committee's own spreadsheets (issue 12 item 7). */
@ApiTags('spreadsheets 表格导入导出')
@Controller()
export class ImportController {
  private readonly bulk: BulkImport;

  constructor(commands: CommandService, personalData: PersonalDataStep) {
    this.bulk = new BulkImport(commands, personalData);
  }

  @Get('needs/import-template')
  @ApiOperation({ summary: '居民需求导入模板', description: TEMPLATE })
  @ApiProduces(CONTENT_TYPES.xlsx) @ApiOkResponse({ description: 'needs-import-template.xlsx' })
  needsTemplate(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.template(reply, NEED_IMPORT);
  }

  @Get('volunteers/import-template')
  @ApiOperation({ summary: '志愿者导入模板', description: TEMPLATE })
  @ApiProduces(CONTENT_TYPES.xlsx) @ApiOkResponse({ description: 'volunteers-import-template.xlsx' })
  volunteersTemplate(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.template(reply, VOLUNTEER_IMPORT);
  }

  @Post('needs/import') @HttpCode(200)
  @ApiOperation({ summary: '批量导入居民需求 (ListNeed per row)', description: IMPORT })
  @ApiConsumes(CONTENT_TYPES.xlsx) @ApiBody(FILE_BODY)
  @ApiOkResponse({ description: '{kind, rows, imported, alreadyImported, position, results: [{row, id, alreadyImported, position}]}' })
  @ApiUnprocessableEntityResponse({ description: 'IMPORT_REJECTED' }) @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE' }) @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE' })
  needs(@Body() file: unknown, @Req() request: FastifyRequest): Promise<ImportResult> {
    return this.import(NEED_IMPORT, file, request);
  }

  @Post('volunteers/import') @HttpCode(200)
  @ApiOperation({ summary: '批量导入志愿者 (RegisterVolunteer per row, real name to the vault)', description: IMPORT })
  @ApiConsumes(CONTENT_TYPES.xlsx) @ApiBody(FILE_BODY)
  @ApiOkResponse({ description: '{kind, rows, imported, alreadyImported, position, results: [{row, id, alreadyImported, position}]}' })
  @ApiUnprocessableEntityResponse({ description: 'IMPORT_REJECTED' }) @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_MEDIA_TYPE' }) @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE' })
  volunteers(@Body() file: unknown, @Req() request: FastifyRequest): Promise<ImportResult> {
    return this.import(VOLUNTEER_IMPORT, file, request);
  }

  private async template(reply: FastifyReply, kind: ImportKind): Promise<Buffer> {
    const file = await importTemplate(kind.sheetName, kind.columns);
    void reply.header('content-type', CONTENT_TYPES.xlsx).header('content-disposition', `attachment; filename="${kind.kind}-import-template.xlsx"`);
    return file;
  }

  private async import(kind: ImportKind, file: unknown, request: FastifyRequest): Promise<ImportResult> {
    const envelope = envelopeFromRequest(request);
    // Who may not ask the command learns nothing of the file (and a read-only role gets 403 like any command).
    checkRole(kind.table.authority, kind.commandType, envelope.actor as ActingActor);
    if (!Buffer.isBuffer(file)) throw new HttpApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the filled-in template as ${CONTENT_TYPES.xlsx}`);
    const { rows, problems } = await readImportSheet(file, kind.columns);
    if (problems.length > 0) throw new HttpApiError(422, 'IMPORT_REJECTED', 'The file cannot be imported; nothing was stored', { problems });
    return this.bulk.run(kind, rows, envelope);
  }
}
