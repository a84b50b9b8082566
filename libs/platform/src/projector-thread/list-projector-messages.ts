import { ProjectionFailedError, ProjectionTimeoutError, ShuttingDownError } from '#read-models';

/** What the API's thread asks the lists thread; each request is answered by a `reply` with its id. */
export type ToListProjector =
  | { kind: 'wait'; id: number; position: number; timeoutMs: number }
  | { kind: 'status'; id: number }
  | { kind: 'stop'; id: number };

/** A thrown error as it crosses threads (structured clone keeps only an Error's message and name). */
export interface ErrorCrossing {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type FromListProjector =
  | { kind: 'started' }
  | { kind: 'failed'; error: ErrorCrossing }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; details: object; message: string }
  | { kind: 'reply'; id: number; value?: unknown; error?: ErrorCrossing };

export const toCrossing = (error: unknown): ErrorCrossing =>
  error instanceof Error
    ? { name: error.name, message: error.message, fields: JSON.parse(JSON.stringify({ ...error })) as Record<string, unknown> }
    : { name: 'Error', message: String(error), fields: {} };

/** The same error class on this side, so the HTTP layer answers 503/504/500 exactly as for a runner in this thread. */
export const fromCrossing = ({ name, message, fields }: ErrorCrossing): Error => {
  const f = fields as never as Record<string, never>;
  switch (name) {
    case 'ProjectionTimeoutError':
      return new ProjectionTimeoutError(f.position, f.timeoutMs, f.lagging);
    case 'ProjectionFailedError':
      return new ProjectionFailedError(f.projection, f.position, f.failure);
    case 'ShuttingDownError':
      return new ShuttingDownError(message);
    default:
      return Object.assign(new Error(message), { name });
  }
};
