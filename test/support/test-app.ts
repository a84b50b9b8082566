import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type { AreaScope, PersonRole } from '#application';
import { DEFAULT_AUDIENCE, EMBEDDED_ISSUER, embeddedSigningKey, generateSigningKeyPem, loadConfig, mintToken, signingKeyFromPem, type WusheConfig } from '#platform';
import { type BootstrapOptions, bootstrapService, type RunningService } from '../../apps/api/src/bootstrap.js';

export interface TestApp {
  service: RunningService;
  config: WusheConfig;
  /**
   * supertest against the real Fastify server. GET/HEAD carry a default reader's token (a city-wide
   * civil-affairs bureau, `test-reader`) unless the test sets its own Authorization; commands carry
   * nothing: each test names its actor with `.set(actor(role, id))`.
   */
  http: () => ReturnType<typeof request>;
  /** supertest with no credentials at all: what an anonymous caller gets. */
  anonymous: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The whole service on a temporary SQLite directory (or the env's stores), as `npm start` runs it. */
export const startTestApp = async (env: Record<string, string> = {}, options: BootstrapOptions = {}): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-e2e-'));
  const config = loadConfig({ LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir, ...env });
  if (config.AUTH_MODE === 'embedded') provisionTestSigningKey(config.DATA_DIR);
  const service = await bootstrapService(config, options);
  const server = service.app.getHttpServer();
  return {
    service,
    config,
    http: () => withReader(request(server)),
    anonymous: () => request(server),
    async close() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/**
 * One embedded signing key per test process: every test app's DATA_DIR gets it (the file the service
 * would otherwise generate), so actor() can sign tokens synchronously, inline in a request chain.
 */
const TEST_KEY_PEM = generateSigningKeyPem();
export const testSigningKey = signingKeyFromPem(TEST_KEY_PEM);

/** Puts the test key where the embedded issuer keeps its key (same code path as the service). */
export const provisionTestSigningKey = (dataDir: string): void => {
  const key = embeddedSigningKey(resolve(dataDir), () => TEST_KEY_PEM);
  if (key.kid !== testSigningKey.kid) throw new Error(`${dataDir} already holds another token signing key`);
};

/** Headers of the default reader that the test app's http().get() sends. */
const READER_ID = 'test-reader';
let readerHeader: { Authorization: string } | undefined;
const READER = (): { Authorization: string } => (readerHeader ??= actor('civil_affairs_bureau', READER_ID));

/** GET/HEAD of this supertest agent carry the default reader's token unless the test sets its own. */
export const withReader = (agent: ReturnType<typeof request>): ReturnType<typeof request> => {
  const get = agent.get.bind(agent);
  const head = agent.head.bind(agent);
  agent.get = ((url: string) => get(url).set(READER())) as typeof agent.get;
  agent.head = ((url: string) => head(url).set(READER())) as typeof agent.head;
  return agent;
};

/** A token of the test apps' embedded issuer, minted by the code `npm run token` uses. */
export const testToken = (
  role: string,
  id: string,
  area: AreaScope = { city: 'xiamen' },
  options: { organisationId?: string; personId?: string; ttlSeconds?: number; now?: Date } = {},
): string =>
  mintToken(testSigningKey, {
    // Unchecked on purpose: tests also mint tokens with roles the service must refuse.
    actor: {
      id, role: role as PersonRole, area,
      ...(options.organisationId ? { organisationId: options.organisationId } : {}),
      ...(options.personId ? { personId: options.personId } : {}),
    },
    issuer: EMBEDDED_ISSUER,
    audience: DEFAULT_AUDIENCE,
    // Two years unless the test says otherwise: some specs move the system clock months ahead (jest.setSystemTime).
    ttlSeconds: options.ttlSeconds ?? 2 * 365 * 86_400,
    ...(options.now ? { now: options.now } : {}),
  });

/**
 * The Authorization header of an acting user: a bearer token signed by the test app's embedded key.
 * Every role defaults to the whole city of Xiamen, broad enough to act anywhere the tests do.
 */
export const actor = (role = 'civil_affairs_bureau', id = `user-${role}`, area: AreaScope = { city: 'xiamen' }, organisationId?: string, personId?: string) => ({
  Authorization: `Bearer ${testToken(role, id, area, { ...(organisationId ? { organisationId } : {}), ...(personId ? { personId } : {}) })}`,
});

/** Staff of one organisation, acting for it (the token's org claim): bids, staffing, deliveries, reports. */
export const staffOf = (organisationId: string, id = `staff-of-${organisationId}`) => actor('social_organisation', id, { city: 'xiamen' }, organisationId);
