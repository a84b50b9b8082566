import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from '@jest/globals';
import type { EventStore, EventToAppend } from '../port.js';
import type { ConformanceRun } from './conformance-support.js';
import { concurrencyConformance, racingWritersConformance } from './conformance-races.js';
import { headPositionConformance, readAllConformance, subscribeToAllConformance } from './conformance-reads.js';
import { appendAndReadStreamConformance, expectedRevisionConformance, idempotentAppendConformance, payloadsConformance } from './conformance-writes.js';

export { event, take } from './conformance-support.js';

export interface ConformanceFixture {
  store: EventStore;
  cleanup(): Promise<void>;
  /**
   * A second, independent store instance (own connection or pool) on the same database, for the
   * races. Without it the races run on one instance, which still proves the checks but not the locking.
   */
  connectAnother?(): Promise<EventStore>;
  /**
   * Starts an append in a transaction of its own and leaves it open: it has drawn its position but
   * not committed. Stores whose appends can be in flight side by side (PostgreSQL) provide it, so
   * the suite can prove readers never skip a lower position that commits after a higher one.
   */
  holdAppend?(streamId: string, events: readonly EventToAppend[]): Promise<HeldAppend>;
}

/** An append that has drawn its position and waits to be committed or rolled back. */
export interface HeldAppend {
  position: number;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * The one suite every EventStore adapter passes. It assumes nothing about what the store already
 * holds (EventStoreDB cannot be wiped between runs): every test writes to its own fresh streams
 * and reads the global log only after a position it noted first.
 */
export function eventStoreConformanceSuite(name: string, factory: () => Promise<ConformanceFixture>): void {
  describe(`EventStore conformance: ${name}`, () => {
    let fixture: ConformanceFixture;
    let store: EventStore;
    let other: EventStore;
    const run = randomUUID().slice(0, 8);
    let streamCounter = 0;
    const newStream = (aggregate = 'need') => `${aggregate}-${run}-${++streamCounter}`;

    beforeAll(async () => {
      fixture = await factory();
      store = fixture.store;
      other = fixture.connectAnother ? await fixture.connectAnother() : store;
    });

    afterAll(async () => {
      if (other && other !== store) await other.close();
      await fixture?.cleanup();
    });

    const suite: ConformanceRun = {
      get fixture() {
        return fixture;
      },
      get store() {
        return store;
      },
      get other() {
        return other;
      },
      run,
      newStream,
    };

    appendAndReadStreamConformance(suite);
    expectedRevisionConformance(suite);
    readAllConformance(suite);
    idempotentAppendConformance(suite);
    concurrencyConformance(suite);
    racingWritersConformance(suite);
    subscribeToAllConformance(suite);
    payloadsConformance(suite);
    headPositionConformance(suite);
  });
}
