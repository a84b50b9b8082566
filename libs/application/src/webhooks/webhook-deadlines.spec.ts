import { describe, expect, it } from '@jest/globals';
import type { ReadModelDatabase, WebhookOutboxStore } from '#read-models';
import { DeadlineClock, type Deadline } from './webhook-deadlines.js';

const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the deadline clock', () => {
  it('gives the event loop turns while it queues thousands of notices (a store that answers synchronously never did: one sweep held /health/live silent ~2 s)', async () => {
    const deadlines: Deadline[] = Array.from({ length: 3_000 }, (_, index) => ({
      key: `p-${index}/monthly_brief/2026-10`, record: `project:p-${index}`, dueAt: '2026-10-31T16:00:00.000Z', data: { projectId: `p-${index}` },
    }));
    const queued: string[] = [];
    // As the SQLite outbox answers: its work is done before the promise it returns (here ~0.02 ms a notice).
    const outbox = {
      enqueue: async (notice: { eventId: string }) => {
        const until = performance.now() + 0.02;
        while (performance.now() < until);
        queued.push(notice.eventId);
        return 1;
      },
    } as unknown as WebhookOutboxStore;
    const clock = new DeadlineClock({
      database: {} as ReadModelDatabase, outbox, partiesOf: async () => ['community:c-1'], noticeDays: 7, intervalMs: 60_000, logger: quietLogger,
      kinds: [{ kind: 'report_due', dueBy: async () => deadlines }], now: () => new Date('2026-11-30T00:00:00Z'),
    });
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 1);
    try {
      expect(await clock.sweep()).toBe(3_000);
    } finally {
      clearInterval(ticking);
    }
    expect(new Set(queued).size).toBe(3_000);
    expect(turns).toBeGreaterThan(1);
  });
});
