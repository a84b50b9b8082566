import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file or from its compiled copy under dist/ (the bench runs that one). */
const REPO_ROOT = ((here) => (here.endsWith('/dist/test/support') ? join(here, '..', '..', '..') : join(here, '..', '..')))(dirname(fileURLToPath(import.meta.url)));
const SCRIPTS = join(REPO_ROOT, 'infra', 'kafka');

/** Control over a broker these tests started; absent for a broker given by KAFKA_BROKERS. */
export interface KafkaBrokerControl {
  /** Stops the broker but keeps its data, so `start()` brings back the same topics and offsets. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface KafkaBroker {
  brokers: string[];
  /** Whether the broker came from KAFKA_BROKERS or was started here, for the printed reasons. */
  origin: 'KAFKA_BROKERS' | 'infra/kafka';
  control: KafkaBrokerControl | null;
  /** Stops and deletes a broker started here; leaves an external one alone. */
  release(): Promise<void>;
}

export interface AcquireKafkaBrokerOptions {
  /** One port per spec file that starts its own broker, so parallel jest workers never share one. */
  port: number;
  /** Fetch (first time, ~15 s) plus start. */
  timeoutMs?: number;
}

const runScript = (script: string, env: NodeJS.ProcessEnv, timeoutMs: number, args: string[] = []): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile('bash', [join(SCRIPTS, script), ...args], { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      // error.message repeats all of stderr; its first line and stderr's tail say enough.
      if (error) reject(new Error(`${error.message.split('\n')[0]}\n${stderr.trim().split('\n').slice(-8).join('\n')}`));
      else resolve(stdout);
    });
  });

const truthy = (value: string | undefined) => ['1', 'true', 'yes'].includes(String(value).toLowerCase());

/**
 * A real Kafka broker for integration tests:
 * - KAFKA_BROKERS set: that cluster, not controllable (tests that stop the broker skip);
 * - otherwise: a one-node KRaft broker from infra/kafka on `port` (jars fetched from Maven
 *   Central the first time, cached outside the repo);
 * - neither possible: null, after printing why, so the caller skips visibly. With
 *   WUSHE_REQUIRE_KAFKA=1 (CI on a machine that has Java and Maven) it throws instead.
 */
export async function acquireKafkaBroker(options: AcquireKafkaBrokerOptions): Promise<KafkaBroker | null> {
  const external = process.env.KAFKA_BROKERS?.trim();
  if (external) {
    return { brokers: external.split(',').map((broker) => broker.trim()), origin: 'KAFKA_BROKERS', control: null, release: async () => undefined };
  }
  const env = { ...process.env, KAFKA_PORT: String(options.port), KAFKA_CONTROLLER_PORT: String(options.port + 1) };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const start = async () => {
    await runScript('start-kafka.sh', env, timeoutMs);
  };
  try {
    await start();
  } catch (error) {
    const reason = `Kafka tests skipped: no KAFKA_BROKERS and infra/kafka could not start a broker on 127.0.0.1:${options.port} (${(error as Error).message})`;
    if (truthy(process.env.WUSHE_REQUIRE_KAFKA)) throw new Error(reason);
    console.warn(reason);
    return null;
  }
  let released = false;
  return {
    brokers: [`127.0.0.1:${options.port}`],
    origin: 'infra/kafka',
    control: {
      stop: async () => {
        await runScript('stop-kafka.sh', env, 60_000, ['--keep-data']);
      },
      start,
    },
    release: async () => {
      if (released) return;
      released = true;
      await runScript('stop-kafka.sh', env, 60_000);
    },
  };
}
