import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadConfig } from '#platform';

// js-yaml is a dev dependency (as in contract-files.spec.ts): only tests read YAML.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

type Service = { environment?: Record<string, string> };
const compose = yaml.load(readFileSync(join(process.cwd(), 'infra/docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const APPS = ['api', 'projector', 'relay', 'analytics'];

/** Docker Compose's interpolation of the forms the file uses: ${NAME}, ${NAME:-default}, ${NAME:?message}. */
const interpolate = (value: string, env: Record<string, string>): string =>
  String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_whole, name: string, kind?: string, rest?: string) => {
    if (env[name]) return env[name];
    if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });

const secret = () => randomBytes(32).toString('base64');
const operatorEnv = { VAULT_MASTER_KEY: secret(), WEBHOOK_SECRET_KEY: secret(), SESSION_CODE_SECRET: secret() };
const environmentOf = (app: string, env: Record<string, string> = operatorEnv) =>
  Object.fromEntries(Object.entries(compose.services[app].environment ?? {}).map(([key, value]) => [key, interpolate(value, env)]));

/**
 * The production shape runs the apps as separate processes, each with its own DATA_DIR: a secret a
 * process would otherwise generate into it, or a rule the api and the projector's policies both
 * decide by, must come from the one shared environment, or the processes disagree.
 */
describe('infra/docker-compose.yml: what the separate processes must share', () => {
  it.each(APPS)('%s loads its configuration from the shared environment', (app) => {
    expect(() => loadConfig(environmentOf(app))).not.toThrow();
  });

  it.each(['VAULT_MASTER_KEY', 'WEBHOOK_SECRET_KEY', 'SESSION_CODE_SECRET'])('every app gets the same %s, and compose refuses to start without it', (name) => {
    for (const app of APPS) expect(loadConfig(environmentOf(app))[name as keyof typeof operatorEnv]).toBe(operatorEnv[name as keyof typeof operatorEnv]);
    const { [name as keyof typeof operatorEnv]: _left, ...without } = operatorEnv;
    expect(() => environmentOf('api', without)).toThrow(name);
  });

  it.each([
    ['PUBLIC_HOLIDAYS', '2027-10-01..2027-10-02', ['2027-10-01', '2027-10-02']],
    ['ADJUSTED_WORKING_DAYS', '2027-09-26', ['2027-09-26']],
    ['PURCHASE_STANDSTILL_WORKING_DAYS', '5', 5],
    ['VOLUNTEER_MAX_HOURS_PER_DAY', '8', 8],
    ['SESSION_CODE_TTL_SECONDS', '120', 120],
    ['MATCHING_WEIGHTS', '{"factors":{"category":3}}', '{"factors":{"category":3}}'],
    ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'true', true],
    ['KAFKA_TOPIC_PREFIX', 'district7', 'district7'],
  ])('%s set once reaches every app; unset, each keeps the default', (name, value, loaded) => {
    const defaults = loadConfig({});
    for (const app of APPS) {
      expect(loadConfig(environmentOf(app, { ...operatorEnv, [name]: value }))[name as 'LOG_LEVEL']).toEqual(loaded);
      expect(loadConfig(environmentOf(app))[name as 'LOG_LEVEL']).toEqual(defaults[name as 'LOG_LEVEL']);
    }
  });
});
