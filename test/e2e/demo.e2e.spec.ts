import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#platform';
import type { RunningService } from '../../apps/api/src/bootstrap.js';
import {
  countDemoLists, type DemoDistrictReport, type DemoHttp, fetchHttp, loadDemoDistrict, SimulatedClock, startDemoService,
} from '../../apps/api/src/demo/index.js';

describe('the demo district (e2e)', () => {
  let dataDir: string;
  let service: RunningService;
  let http: DemoHttp;
  let report: DemoDistrictReport;
  const clock = new SimulatedClock();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wushe-demo-'));
    service = await startDemoService(loadConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir }), clock);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = service.app.getHttpServer().address() as AddressInfo;
    http = fetchHttp(`http://127.0.0.1:${port}`);
    report = await loadDemoDistrict(http, { clock, scale: 0.1 });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads', async () => {
    console.log(JSON.stringify({ ...report, world: undefined }, null, 1));
    const lists = await countDemoLists(http, report.position);
    console.log(JSON.stringify(lists, null, 1));
    expect(lists.counts.needs).toBeGreaterThan(0);
  });
});
