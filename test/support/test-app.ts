import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig, type WusheConfig } from '#platform';
import { bootstrapService, type RunningService } from '../../apps/api/src/bootstrap.js';

export interface TestApp {
  service: RunningService;
  config: WusheConfig;
  /** supertest against the real Fastify server. */
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The whole service on a temporary SQLite directory (or the env's stores), as `npm start` runs it. */
export const startTestApp = async (env: Record<string, string> = {}): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-e2e-'));
  const config = loadConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir, ...env });
  const service = await bootstrapService(config);
  const server = service.app.getHttpServer();
  return {
    service,
    config,
    http: () => request(server),
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** Headers of an acting user; authentication will replace them. */
export const actor = (role = 'civil_affairs_bureau', id = `user-${role}`) => ({ 'X-Actor-Id': id, 'X-Actor-Role': role });
