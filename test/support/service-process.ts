import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOOKS, REGISTER, REPO_ROOT } from './ts-launcher.js';

let launcherDir: string | undefined;

const launcher = (): string => {
  if (!launcherDir) {
    launcherDir = mkdtempSync(join(tmpdir(), 'wushe-service-launcher-'));
    writeFileSync(join(launcherDir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(launcherDir, 'register.mjs'), REGISTER);
  }
  return launcherDir;
};

/** Deletes the generated launcher; call in afterAll of a spec that spawned service processes. */
export function removeServiceLauncher(): void {
  if (launcherDir) rmSync(launcherDir, { recursive: true, force: true });
  launcherDir = undefined;
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

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm start` without the build: apps/api/src/main.ts in its own Node process (TypeScript sources
 * through the loader hooks), so a test can send it a real SIGTERM. Resolves once it listens.
 */
export async function spawnService(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServiceProcess> {
  const dir = launcher();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(REPO_ROOT, 'apps', 'api', 'src', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + readyTimeoutMs;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The service exited before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The service did not listen within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited };
}
