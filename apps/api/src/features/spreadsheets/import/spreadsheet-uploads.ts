import type { FastifyInstance } from 'fastify';
import { HttpApiError } from '../../../http/api-error.js';
import { CONTENT_TYPES } from '../spreadsheet.js';

/** The largest workbook an import takes: a few thousand rows are far below it. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** The only routes that read a workbook; every other route stays JSON-only (415 for a workbook). */
const IMPORT_ROUTES: ReadonlySet<string> = new Set(['/needs/import', '/volunteers/import']);

/** Accepts an .xlsx body, as bytes, on the import routes alone. */
export const registerSpreadsheetUploads = (fastify: FastifyInstance): void => {
  fastify.addContentTypeParser(CONTENT_TYPES.xlsx, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (request, body, done) => {
    if (!IMPORT_ROUTES.has(request.routeOptions.url ?? '')) {
      done(new HttpApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The API reads JSON in UTF-8 only; a workbook only on the import routes'), undefined);
      return;
    }
    done(null, body);
  });
};
