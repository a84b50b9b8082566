import type { RecordedEvent } from '#event-store';
import { projectionTables, type Projection, type ProjectionLogger } from '#read-models';
import type { WorkflowRunner } from './workflow-runner.js';

export interface WorkflowProjectionOptions {
  /** Attempts per event before the projection stops and waits for a restart (default 5). */
  attempts?: number;
  /** First backoff delay; it doubles per attempt (default 100 ms). */
  firstDelayMs?: number;
}

/**
 * Runs the workflows durably, as policies run: a projection whose checkpoint passes an event only
 * once every step the event owes is done. A crash re-delivers the event (at least once) and the
 * deterministic eventIds make the repeat store nothing twice. A failure other than a refusal is
 * retried with backoff, then stops this projection at the event: on the next start it is tried again.
 */
export const workflowProjection = (runner: WorkflowRunner, logger: ProjectionLogger, options: WorkflowProjectionOptions = {}): Projection => {
  const attempts = options.attempts ?? 5;
  const firstDelayMs = options.firstDelayMs ?? 100;
  const advance = async (event: RecordedEvent): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await runner.advance(event);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        logger.warn({ eventId: event.eventId, type: event.type, attempt, err: String(error) }, 'Workflow step failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, firstDelayMs * 2 ** (attempt - 1)));
      }
    }
  };
  return {
    name: 'workflows',
    version: 1,
    sideEffects: true,
    tables: projectionTables([], async () => undefined),
    on: Object.fromEntries(runner.inputs.map((type) => [type, advance])),
  };
};
