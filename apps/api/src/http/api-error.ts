/** The one error body every non-2xx answer has: a stable `code` clients switch on. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  /** Failing fields for VALIDATION_FAILED; limits and actual values for broken rules. */
  details?: Record<string, unknown>;
  correlationId?: string;
}

/** An error raised in the HTTP layer itself (headers, cursors, waits), carrying its status and code. */
export class HttpApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpApiError';
  }
}
