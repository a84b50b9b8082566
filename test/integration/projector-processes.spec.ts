import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainEventRegistry } from '#domain';
import { openSqliteEventStore, type SqliteEventStore } from '#event-store';
import {
  createReadModelProjections,
  dumpProjectionTables,
  openReadModelDatabase,
  ProjectionRunner,
  readCheckpoints,
  registryUpcaster,
  type ReadModelDatabase,
} from '#read-models';
import { appendScenarioCopies } from '../../libs/read-models/src/testing/scenario-copies.js';
import { removeProjectorLauncher, spawnProjector, type ProjectorProcess } from '../support/projector-process.js';

const LISTS = ['needs-list', 'projects-list', 'resources-list'];
const LEASE_MS = 1500;

/**
 * Two real projector processes (apps/projector) over one embedded store (SQLite files in one data
 * directory), sharing the projections by leases: each applies its share, none applies an event twice
 * or skips one, and when one is killed (SIGKILL, no goodbye) the other takes its share over from the
 * checkpoint. The shared tables must equal a single-process replay of the same log.
 */
describe('two projector processes sharing the work (SQLite store)', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let readModels: ReadModelDatabase;
  const processes: ProjectorProcess[] = [];

  const env = (share: string) => ({
    EVENT_STORE: 'sqlite',
    READ_MODELS: 'sqlite',
    DATA_DIR: dataDir,
    PROJECTOR_LEASES: 'true',
    PROJECTOR_LEASE_MS: String(LEASE_MS),
    PROJECTOR_SHARE: share,
  });

  const owners = async () => Object.fromEntries((await readModels.db.selectFrom('projection_checkpoints').select(['name', 'lease_owner']).execute()).map((row: { name: string; lease_owner: string | null }) => [row.name, row.lease_owner]));

  /** Until every checkpoint (lists and policies) is at the store's head (policies may append while we wait). */
  const listsAtHead = async (timeoutMs: number): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const head = await store.headPosition();
      const checkpoints = await readCheckpoints(readModels.db, LISTS);
      // The policies too: one still reacting (a ProjectDesigned covering needs) appends after the lists reached the head.
      const all = (await readModels.db.selectFrom('projection_checkpoints').select(['position']).execute()) as { position: number }[];
      if (checkpoints.length === LISTS.length && all.every((checkpoint) => Number(checkpoint.position) === head)) return head;
      if (Date.now() > deadline) throw new Error(`lists not at head ${head}: ${JSON.stringify(checkpoints)}\n${processes.map((p) => p.output().slice(-2000)).join('\n---\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wushe-projectors-'));
    store = await openSqliteEventStore(join(dataDir, 'events.db'));
    await appendScenarioCopies(store, 600);
  });

  afterAll(async () => {
    for (const process of processes) {
      process.child.kill('SIGKILL');
      await process.exited;
    }
    await readModels?.close();
    await store?.close();
    removeProjectorLauncher();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('splits the lists between the two, takes a killed one’s share over, and ends equal to a single-process replay', async () => {
    const first = await spawnProjector(env('needs-list,projects-list'));
    processes.push(first);
    const second = await spawnProjector(env('resources-list'));
    processes.push(second);
    readModels = await openReadModelDatabase({ kind: 'sqlite', path: join(dataDir, 'read-models.db') });

    await listsAtHead(60_000);
    // The first may have taken the second's share as a standby before the second came up: it hands it back.
    const expected = { 'needs-list': first, 'projects-list': first, 'resources-list': second };
    const split = async () => {
      const held = await owners();
      return Object.entries(expected).every(([name, process]) => held[name]?.includes(`:${process.child.pid}:`));
    };
    const deadline = Date.now() + 30_000;
    while (!(await split()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect({ owners: await owners(), split: await split() }).toMatchObject({ split: true });

    // More facts while both run, then the second dies mid-stream without releasing its lease.
    await appendScenarioCopies(store, 600, { firstCopy: 10 });
    second.child.kill('SIGKILL');
    await second.exited;
    await appendScenarioCopies(store, 300, { firstCopy: 20 });

    const head = await listsAtHead(60_000);
    expect(Object.values(await owners()).filter((owner) => owner !== null).every((owner) => owner!.includes(`:${first.child.pid}:`))).toBe(true);

    // The reference: one runner, one process, the same log from 0.
    const reference = await openReadModelDatabase({ kind: 'sqlite', path: join(dataDir, 'reference.db') });
    try {
      const replayed = await new ProjectionRunner({ store, database: reference, projections: createReadModelProjections(), upcast: registryUpcaster(domainEventRegistry) }).runOnce();
      expect(replayed).toBe(head);
      const shared = await dumpProjectionTables(readModels.db, createReadModelProjections());
      const single = await dumpProjectionTables(reference.db, createReadModelProjections());
      expect(shared['needs']!.length).toBeGreaterThan(0);
      expect(shared['volunteers']!.length).toBeGreaterThan(0);
      for (const table of Object.keys(single)) expect({ table, rows: shared[table] }).toEqual({ table, rows: single[table] });
    } finally {
      await reference.close();
    }

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
