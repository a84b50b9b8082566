import { afterEach, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../port.js';
import type { TamperEvidentStore } from '../integrity/verify.js';
import { event } from './conformance.js';

/** What the tamper-evidence suite needs from a store: the store, and an intruder's direct access to its rows. */
export interface IntegrityFixture {
  store: EventStore & TamperEvidentStore;
  /** Seals the checkpoints appends may still be sealing in the background. */
  seal(): Promise<void>;
  /** Changes one byte of the stored data of the event at `position`, behind the store's back. */
  alterOneByte(position: number): Promise<void>;
  /** Deletes the event at `position`, behind the store's back. */
  deleteEvent(position: number): Promise<void>;
  /** Positions are dense (SQLite): a deleted event shows as a missing position first. */
  densePositions: boolean;
  cleanup(): Promise<void>;
}

export const CHECKPOINT_EVERY_IN_TESTS = 4;

/**
 * Issue 12, item 5: every stored event carries a link chained to the previous one of its stream, the
 * log a checkpoint every few positions; verify recomputes them and names the first broken link.
 */
export function integrityConformanceSuite(name: string, factory: () => Promise<IntegrityFixture>): void {
  describe(`${name}: tamper-evident record`, () => {
    let fixture: IntegrityFixture | undefined;
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    /** Streams a (4 events), b (3), c (3), interleaved: positions 1-10, checkpoints sealed at 4 and 8. */
    const tenEvents = async (store: EventStore) => {
      const positions: Record<string, number[]> = { a: [], b: [], c: [] };
      const revisions: Record<string, number> = {};
      for (const stream of ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a']) {
        const expected = revisions[stream] ?? 'no_stream';
        const result = await store.append(`need-${stream}`, [event('NeedListed', { amountFen: 10000, stream })], expected);
        revisions[stream] = result.nextExpectedRevision;
        positions[stream]!.push(result.position);
      }
      return positions;
    };

    it('hashes every event and seals a checkpoint every N positions; verify finds nothing broken', async () => {
      fixture = await factory();
      await tenEvents(fixture.store);
      // A batch is chained event by event too.
      await fixture.store.append('need-d', [event('NeedListed'), event('NeedVerified'), event('NeedMatched')], 'no_stream');
      await fixture.seal();
      const report = await fixture.store.verifyIntegrity();
      expect(report).toEqual({ ok: true, eventsChecked: 13, checkpointsChecked: 3, sealedThrough: 12, firstBreak: null });
    });

    it('names the event when one byte of its stored data was altered (stream, revision, position)', async () => {
      fixture = await factory();
      const positions = await tenEvents(fixture.store);
      await fixture.seal();
      await fixture.alterOneByte(positions.b![1]!);
      const report = await fixture.store.verifyIntegrity();
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({ kind: 'altered_event', streamId: 'need-b', revision: 1, position: positions.b![1] });
    });

    it('names an altered event in the unsealed tail too, by its stream chain', async () => {
      fixture = await factory();
      const positions = await tenEvents(fixture.store);
      await fixture.alterOneByte(positions.a![3]!); // position 10: after the last checkpoint (8)
      expect((await fixture.store.verifyIntegrity()).firstBreak).toMatchObject({ kind: 'altered_event', streamId: 'need-a', revision: 3, position: positions.a![3] });
    });

    it('names the gap when one event was deleted from the middle of its stream', async () => {
      fixture = await factory();
      const positions = await tenEvents(fixture.store);
      await fixture.seal();
      await fixture.deleteEvent(positions.c![1]!);
      const { firstBreak } = await fixture.store.verifyIntegrity();
      if (fixture.densePositions) expect(firstBreak).toMatchObject({ kind: 'missing_position', position: positions.c![1] });
      else expect(firstBreak).toMatchObject({ kind: 'missing_revision', streamId: 'need-c', revision: 1, position: positions.c![2] });
    });

    it("names the broken checkpoint when a stream's last event was deleted (no later link of its own to miss it)", async () => {
      fixture = await factory();
      const positions = await tenEvents(fixture.store);
      await fixture.store.append('need-e', [event('NeedListed')], 'no_stream'); // position 11
      await fixture.store.append('need-f', [event('NeedListed')], 'no_stream'); // position 12: seals 12
      await fixture.seal();
      await fixture.deleteEvent(positions.b![2]!); // position 8, the last of need-b
      const { firstBreak } = await fixture.store.verifyIntegrity();
      if (fixture.densePositions) expect(firstBreak).toMatchObject({ kind: 'missing_position', position: 8 });
      else expect(firstBreak).toMatchObject({ kind: 'checkpoint_mismatch', position: 8 });
    });
  });
}
