/** What a lagging projection looked like when a read-your-writes wait gave up. */
export interface LaggingProjection {
  name: string;
  position: number;
  status: string;
}

/** The read models did not reach the asked position within the bounded wait (HTTP 503/504 upstream). */
export class ProjectionTimeoutError extends Error {
  readonly code = 'PROJECTION_TIMEOUT';
  constructor(
    readonly position: number,
    readonly timeoutMs: number,
    readonly lagging: readonly LaggingProjection[],
  ) {
    super(
      `Read models did not reach position ${position} within ${timeoutMs} ms (lagging: ${
        lagging.map((p) => `${p.name}@${p.position}`).join(', ') || 'no checkpoint yet'
      })`,
    );
    this.name = 'ProjectionTimeoutError';
  }
}

/** A projection the caller waits for has stopped on a failing event: waiting longer cannot help. */
export class ProjectionFailedError extends Error {
  readonly code = 'PROJECTION_FAILED';
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly failure: { message: string; position: number; eventType: string },
  ) {
    super(`Projection ${projection} stopped at position ${position}: ${failure.eventType}@${failure.position} failed: ${failure.message}`);
    this.name = 'ProjectionFailedError';
  }
}

/** `rebuild` or `retry` named a projection the runner does not run. */
export class UnknownProjectionError extends Error {
  readonly code = 'UNKNOWN_PROJECTION';
  constructor(readonly projection: string) {
    super(`No projection named ${projection}`);
    this.name = 'UnknownProjectionError';
  }
}

/**
 * The process is shutting down: a read-your-writes wait ends here rather than at its deadline, so
 * the HTTP request can answer 503 (retry elsewhere) before the stores close.
 */
export class ShuttingDownError extends Error {
  readonly code = 'SHUTTING_DOWN';
  constructor(message = 'The service is shutting down; retry the request') {
    super(message);
    this.name = 'ShuttingDownError';
  }
}
