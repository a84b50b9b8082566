import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '#event-store';
import { WrongExpectedRevisionError } from '#event-store';

/**
 * A small in-memory EventStore for the projection framework's own tests: it can be told to fail
 * reads, which a real store cannot be made to do on cue. Not for production use.
 */
export class InMemoryEventStore implements EventStore {
  private readonly events: RecordedEvent[] = [];
  private readonly listeners = new Set<() => void>();
  /** When set, readAll and subscriptions throw it (simulates an unreachable store). */
  failWith: Error | null = null;
  /** Positions advance by this step, to prove nobody assumes consecutive positions. */
  constructor(private readonly positionStep = 1) {}

  async append(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const stream = this.events.filter((event) => event.streamId === streamId);
    const actual = stream.length - 1;
    const ok =
      expectedRevision === 'any' ||
      (expectedRevision === 'no_stream' && actual === -1) ||
      (expectedRevision === 'stream_exists' && actual >= 0) ||
      expectedRevision === actual;
    if (!ok) throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
    let position = this.events.at(-1)?.position ?? 0;
    let revision = actual;
    for (const event of events) {
      position += this.positionStep;
      revision += 1;
      this.events.push({ ...event, streamId, revision, position });
    }
    for (const listener of this.listeners) listener();
    return { nextExpectedRevision: revision, position };
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.events.filter((event) => event.streamId === streamId);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if (this.failWith) throw this.failWith;
    const after = options.after ?? 0;
    const found = this.events.filter((event) => event.position > after);
    return options.limit === undefined ? found : found.slice(0, options.limit);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    let after = options.after ?? 0;
    let closed = false;
    let wake: (() => void) | null = null;
    const listener = () => wake?.();
    this.listeners.add(listener);
    const store = this;
    const iterate = async function* (): AsyncGenerator<RecordedEvent> {
      while (!closed) {
        const page = await store.readAll({ after, limit: 100 });
        for (const event of page) {
          if (closed) return;
          after = event.position;
          if (!options.filter || options.filter(event.type)) yield event;
        }
        if (page.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    };
    const generator = iterate();
    return {
      [Symbol.asyncIterator]: () => generator,
      close: async () => {
        closed = true;
        this.listeners.delete(listener);
        wake?.();
      },
    };
  }

  async headPosition(): Promise<number> {
    return this.events.at(-1)?.position ?? 0;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
