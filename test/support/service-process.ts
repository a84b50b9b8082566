import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, type SourceProcess, TsLauncher, waitForOutput } from './ts-launcher.js';

const launcher = new TsLauncher('service');

/** Deletes the generated launcher; call in afterAll of a spec that spawned service processes. */
export function removeServiceLauncher(): void {
  launcher.remove();
}

/** A port the OS just handed out (and took back): free for the child to listen on. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface ServiceProcess extends SourceProcess {
  baseUrl: string;
}

/**
 * `npm start` without the build: apps/api/src/main.ts in its own Node process (TypeScript sources
 * through the loader hooks), so a test can send it a real SIGTERM. Resolves once it listens.
 */
export async function spawnService(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const running = launcher.spawn(join(REPO_ROOT, 'apps', 'api', 'src', 'main.ts'), {
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  await waitForOutput(running, 'listening on', readyTimeoutMs, {
    exited: 'The service exited before listening',
    timedOut: `The service did not listen within ${readyTimeoutMs} ms`,
  });
  return { ...running, baseUrl: `http://127.0.0.1:${port}` };
}
