import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig } from '#platform';
import { createReadModelProjections, dumpProjectionTables } from '#read-models';
import type { RunningService } from '../../apps/api/src/bootstrap.js';
import { demoCredentials, fetchHttp, loadDemoDistrict, SimulatedClock, startDemoService } from '../../apps/api/src/demo/index.js';
import { caughtUpHead } from '../support/read-models.js';

/**
 * Rebuild equals live: the demo district (twelve weeks of every kind of fact) is projected live,
 * every read-model table is dumped, every projection is rebuilt from position 0, and the tables
 * must come out identical. The policies re-run too and must append nothing.
 */
describe('rebuilding the read models (e2e)', () => {
  let dataDir: string;
  let service: RunningService;
  const clock = new SimulatedClock();
  const dump = () => dumpProjectionTables(service.infrastructure.readModels.database.db, createReadModelProjections());

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wushe-rebuild-'));
    const config = loadConfig({ LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir });
    service = await startDemoService(config, clock);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    await loadDemoDistrict(fetchHttp(`http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`, demoCredentials(config)), { clock, scale: 0.1 });
  }, 90_000);

  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rebuilds every projection from 0 to exactly the live tables (even after damage), and the re-run policies store nothing', async () => {
    const head = await caughtUpHead(service.infrastructure);
    const live = await dump();
    // Not an empty comparison: every list has rows.
    for (const table of ['needs', 'need_matches', 'projects', 'project_bids', 'station_weekly_hours', 'volunteers', 'social_workers', 'organisations', 'donations']) {
      expect({ table, hasRows: (live[table]?.length ?? 0) > 0 }).toEqual({ table, hasRows: true });
    }

    // Damage the live tables: only a real re-projection from the events can restore them.
    const db = service.infrastructure.readModels.database.db as Kysely<Record<string, Record<string, unknown>>>;
    await db.updateTable('needs').set({ title: '被篡改' }).execute();
    await db.deleteFrom('donations').execute();
    expect((await dump()).needs).not.toEqual(live.needs);

    await service.infrastructure.readModels.runner!.rebuild('all');
    await service.infrastructure.readModels.waitForPosition(head, 30_000);
    expect(await service.infrastructure.eventStore.headPosition()).toBe(head);
    const rebuilt = await dump();
    expect(Object.keys(rebuilt).sort()).toEqual(Object.keys(live).sort());
    for (const table of Object.keys(live)) expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
  }, 60_000);
});
