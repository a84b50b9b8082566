import type { RecordedEvent, Subscription } from '#event-store';

const IDLE = Symbol('idle');
const nextTurn = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/** Work (ms) after which the projections give the event loop a turn (the matching feed's replay gives one as often). */
export const TURN_AFTER_MS = 10;
let lastTurn = performance.now();

/**
 * A turn of the event loop, once TURN_AFTER_MS of work ran since the last one given. The SQLite
 * stores answer synchronously, so a catch-up over a long log is one unbroken chain of resolved
 * promises: without turns given away between projections' transactions, HTTP requests (even
 * /health/live) wait until the whole log is projected. A short live batch gives none: a request
 * right after a write still finds it projected as soon as before. The clock is the process's,
 * as its event loop is.
 */
export const giveTurn = async (): Promise<void> => {
  if (performance.now() - lastTurn < TURN_AFTER_MS) return;
  await yieldTurn();
};

/** A turn of the event loop now, whatever ran since the last one (giveTurn's clock restarts). */
export const yieldTurn = async (): Promise<void> => {
  await nextTurn();
  lastTurn = performance.now();
};

/**
 * Work (ms of one projection's handlers) after which a live batch's transaction commits what it
 * applied (rows and checkpoint together) and the rest of the batch follows in the next
 * transaction, after a turn of the event loop. A projection's handlers run synchronously on
 * SQLite, so one transaction over a batch of tens of events (a backlog after a burst) held every
 * request for 15-30 ms at 70% load; 5 ms is about one validated POST's latency there, and most
 * live transactions (a few events) never reach it.
 */
export const LIVE_TRANSACTION_BUDGET_MS = 5;

/**
 * Hands the subscription's events to `apply` in batches of at most `batchSize`: a batch also ends
 * when the subscription is idle (nothing ready by the next turn of the event loop), so a lone
 * event is applied at once. Returns when the subscription ends (closed by stop()), after applying
 * what was already received.
 */
export async function readInBatches(subscription: Subscription, batchSize: number, apply: (batch: readonly RecordedEvent[]) => Promise<void>): Promise<void> {
  const events = subscription[Symbol.asyncIterator]();
  let batch: RecordedEvent[] = [];
  // A read that fails while a batch is being applied must not count as an unhandled rejection.
  const next = () => {
    const read = events.next();
    read.catch(() => undefined);
    return read;
  };
  let pending = next();
  for (;;) {
    const result = batch.length === 0 ? await pending : await Promise.race([pending, nextTurn()]);
    if (result === IDLE) {
      await apply(batch);
      batch = [];
      continue;
    }
    if (result.done) break;
    batch.push(result.value);
    pending = next();
    if (batch.length >= batchSize) {
      await apply(batch);
      batch = [];
    }
  }
  // Closed by stop(): what was already received is still worth committing.
  if (batch.length > 0) await apply(batch);
}
