import type { EventRow } from '../event-row.js';
import { EventStoreUnavailableError, type RecordedEvent, type SubscribeOptions, type Subscription } from '../port.js';

/**
 * Called when new events may have been committed. `committedUpTo`, when given, is the last position of
 * a commit made in this thread and already offered to this thread's subscriptions (`LiveSubscriptions.handOff`):
 * a subscription whose checkpoint is at or past it has every event up to it and need not read. Without
 * it (another thread, a poll, PostgreSQL) a subscription reads.
 */
export type AppendListener = (committedUpTo?: number) => void;

/** What a catch-up subscription needs from a store that can page through its global log. */
export interface PollingSource {
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
  /** Calls `listener` whenever new events may have been committed; returns the unregister function. */
  onAppended(listener: AppendListener): () => void;
}

export interface PollingOptions {
  /** Fallback poll when no notification comes (another process wrote, or notifications were lost). */
  pollIntervalMs: number;
  /** Events fetched per page during catch-up. */
  pageSize?: number;
  /** Consecutive failed reads tolerated (with backoff) before the iteration throws. */
  maxConsecutiveFailures?: number;
  /** Called once when the subscription ends, so the store can forget it. */
  onClosed?: () => void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * A catch-up subscription over any store that answers `readAll(after, limit)` in global order:
 * pages through history, then waits for an append notification or the poll interval.
 * The checkpoint advances over filtered-out events too, so a filter never causes re-reads.
 */
export class PollingSubscription implements Subscription {
  private checkpoint: number;
  private readonly buffer: RecordedEvent[] = [];
  private closed = false;
  /** Set by notifications; cleared just before a read, so a notification during a read is never lost. */
  private dirty = true;
  /** A read is in flight: its page is not in the buffer yet, so events handed meanwhile would overtake it. */
  private reading = false;
  /** The last page was full: catch-up goes on without waiting. */
  private morePages = true;
  /** The poll interval passed with nothing notified: read for other processes' appends. */
  private pollDue = false;
  private wake: (() => void) | null = null;
  private readonly unregister: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly filter: (type: string) => boolean;
  private readonly pageSize: number;
  private readonly maxConsecutiveFailures: number;

  constructor(
    private readonly source: PollingSource,
    subscribeOptions: SubscribeOptions,
    private readonly options: PollingOptions,
  ) {
    this.checkpoint = subscribeOptions.after ?? 0;
    this.filter = subscribeOptions.filter ?? (() => true);
    this.pageSize = options.pageSize ?? 500;
    this.maxConsecutiveFailures = options.maxConsecutiveFailures ?? 8;
    this.unregister = source.onAppended((committedUpTo) => {
      if (committedUpTo !== undefined && committedUpTo <= this.checkpoint) return; // handed over already
      this.dirty = true;
      this.wake?.();
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      // Serialised: a caller that does not await one next() before the next still gets order.
      next: () => {
        const result = this.queue.then(() => this.advance());
        this.queue = result.catch(() => undefined);
        return result;
      },
      return: async () => {
        await this.close();
        return DONE;
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unregister();
    this.buffer.length = 0;
    this.wake?.();
    this.options.onClosed?.();
  }

  /**
   * Takes events this process's store just committed, in place of reading them back, only when that is
   * the same as reading: `rows` are contiguous positions starting right after the checkpoint (positions
   * are dense and assigned in commit order on SQLite, so these are exactly the next events of the log),
   * no read is in flight (its older page would land after them), and the buffer has room (memory stays
   * bounded by one page). Each row becomes a fresh event through `toEvent`, so no two subscriptions share
   * an object. Answers whether it took them; a refusal changes nothing, and the commit's notification
   * makes this subscription read the store as before.
   */
  offer(rows: readonly EventRow<string>[], toEvent: (row: EventRow<string>) => RecordedEvent): boolean {
    if (this.closed || this.reading || this.buffer.length >= this.pageSize) return false;
    if (rows.length === 0 || rows[0]!.position !== this.checkpoint + 1) return false;
    for (const row of rows) {
      this.checkpoint = row.position;
      if (this.filter(row.type)) this.buffer.push(toEvent(row));
    }
    this.wake?.();
    return true;
  }

  /**
   * Delivers the buffer; reads the store only when there may be something to read: a notification not
   * covered by a hand-off (`dirty`), a full last page (catch-up goes on), or the poll interval passed
   * (writers in other processes). Events handed over wake it without a read.
   */
  private async advance(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const next = this.buffer.shift();
      if (next) return { done: false, value: next };
      if (this.dirty || this.morePages || this.pollDue) {
        this.pollDue = false;
        const fetched = await this.fetchPage();
        if (this.closed) return DONE;
        this.morePages = fetched === this.pageSize;
        continue;
      }
      this.pollDue = await this.sleep(this.options.pollIntervalMs);
    }
  }

  private async fetchPage(): Promise<number> {
    for (let failures = 0; ; failures++) {
      this.dirty = false;
      this.reading = true;
      try {
        const page = await this.source.readAll({ after: this.checkpoint, limit: this.pageSize });
        for (const event of page) {
          this.checkpoint = event.position;
          if (this.filter(event.type)) this.buffer.push(event);
        }
        return page.length;
      } catch (error) {
        if (this.closed) return 0;
        if (failures + 1 >= this.maxConsecutiveFailures) {
          await this.close();
          throw error instanceof EventStoreUnavailableError
            ? error
            : new EventStoreUnavailableError('Subscription could not read the event store', { cause: error });
        }
        this.dirty = true;
        this.reading = false;
        await this.sleep(Math.min(50 * 2 ** failures, 2000));
      } finally {
        this.reading = false;
      }
    }
  }

  /**
   * Sleeps until the delay passes (answers true), or an append is notified or handed over, or the
   * subscription closes (answers false).
   */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(true), ms);
      const self = this;
      function wake() {
        done(false);
      }
      function done(timedOut: boolean) {
        clearTimeout(timer);
        if (self.wake === wake) self.wake = null;
        resolve(timedOut);
      }
      this.wake = wake;
    });
  }
}

/**
 * One store's live subscriptions: each pages through the store's log and wakes on its appends; one that
 * closes is forgotten, and the store closes those left when it closes.
 */
export class LiveSubscriptions {
  private readonly open = new Set<PollingSubscription>();

  constructor(
    private readonly source: PollingSource,
    private readonly pollIntervalMs: number,
  ) {}

  /** Whether any subscription is open (the PostgreSQL store listens for other processes only then). */
  get any(): boolean {
    return this.open.size > 0;
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription: PollingSubscription = new PollingSubscription(this.source, options, {
      pollIntervalMs: this.pollIntervalMs,
      onClosed: () => this.open.delete(subscription),
    });
    this.open.add(subscription);
    return subscription;
  }

  /**
   * Offers the events one commit of this thread's store just wrote (in position order) to every open
   * subscription (see `PollingSubscription.offer`); only for a store whose positions are dense and
   * assigned in commit order (SQLite), never where commits can land out of position order (PostgreSQL).
   * Rows that are not contiguous are offered to none.
   */
  handOff(rows: readonly EventRow<string>[], toEvent: (row: EventRow<string>) => RecordedEvent): void {
    if (this.open.size === 0 || rows.length === 0) return;
    const first = rows[0]!.position;
    if (!rows.every((row, index) => row.position === first + index)) return;
    for (const subscription of this.open) subscription.offer(rows, toEvent);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close()));
  }
}

/** A tiny in-process fan-out of "something was appended" signals. */
export class AppendNotifier {
  private readonly listeners = new Set<AppendListener>();

  subscribe(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `committedUpTo`: see AppendListener; only a store that handed its commit to this thread's subscriptions passes it. */
  notify(committedUpTo?: number): void {
    for (const listener of [...this.listeners]) listener(committedUpTo);
  }

  get size(): number {
    return this.listeners.size;
  }
}
