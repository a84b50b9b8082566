import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOOKS, REGISTER, REPO_ROOT } from './ts-launcher.js';

let launcherDir: string | undefined;

const launcher = (): string => {
  if (!launcherDir) {
    launcherDir = mkdtempSync(join(tmpdir(), 'wushe-projector-launcher-'));
    writeFileSync(join(launcherDir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(launcherDir, 'register.mjs'), REGISTER);
  }
  return launcherDir;
};

/** Deletes the generated launcher; call in afterAll of a spec that spawned projector processes. */
export function removeProjectorLauncher(): void {
  if (launcherDir) rmSync(launcherDir, { recursive: true, force: true });
  launcherDir = undefined;
}

export interface ProjectorProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * apps/projector/src/main.ts in its own Node process (TypeScript sources through the loader hooks),
 * as production runs it; resolves once it logged that it runs.
 */
export async function spawnProjector(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ProjectorProcess> {
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(launcher(), 'register.mjs')).href, join(REPO_ROOT, 'apps', 'projector', 'src', 'main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + readyTimeoutMs;
  while (!output.includes('Wushe projector running')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The projector exited before running:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The projector did not start within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output, exited };
}
