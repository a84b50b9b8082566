import { EventStoreUnavailableError, type RecordedEvent, type SubscribeOptions, type Subscription } from '../port.js';

/** What a catch-up subscription needs from a store that can page through its global log. */
export interface PollingSource {
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
  /** Calls `listener` whenever new events may have been committed; returns the unregister function. */
  onAppended(listener: () => void): () => void;
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
    this.unregister = source.onAppended(() => {
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

  private async advance(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const next = this.buffer.shift();
      if (next) return { done: false, value: next };
      const fetched = await this.fetchPage();
      if (this.closed) return DONE;
      if (fetched < this.pageSize && this.buffer.length === 0) await this.waitForAppend();
    }
  }

  private async fetchPage(): Promise<number> {
    for (let failures = 0; ; failures++) {
      this.dirty = false;
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
        await this.sleep(Math.min(50 * 2 ** failures, 2000));
      }
    }
  }

  private waitForAppend(): Promise<void> {
    if (this.dirty) return Promise.resolve();
    return this.sleep(this.options.pollIntervalMs);
  }

  /** Sleeps until the delay passes, an append is notified, or the subscription closes. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake = done;
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

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((subscription) => subscription.close()));
  }
}

/** A tiny in-process fan-out of "something was appended" signals. */
export class AppendNotifier {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  get size(): number {
    return this.listeners.size;
  }
}
