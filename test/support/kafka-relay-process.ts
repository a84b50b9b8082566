import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOOKS, REGISTER, REPO_ROOT } from './ts-launcher.js';

const ENTRY = `
const { runRelayProcess } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'libs', 'messaging', 'src', 'relay', 'run-relay.ts')).href)});
await runRelayProcess(process.env);
process.stderr.write('relay process started\\n');
`;

let launcherDir: string | undefined;

const launcher = (): string => {
  if (!launcherDir) {
    launcherDir = mkdtempSync(join(tmpdir(), 'wushe-relay-launcher-'));
    writeFileSync(join(launcherDir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(launcherDir, 'register.mjs'), REGISTER);
    writeFileSync(join(launcherDir, 'relay-main.mjs'), ENTRY);
  }
  return launcherDir;
};

/** Deletes the generated launcher; call in afterAll of a spec that spawned relay processes. */
export function removeRelayLauncher(): void {
  if (launcherDir) rmSync(launcherDir, { recursive: true, force: true });
  launcherDir = undefined;
}

export interface RelayProcess {
  child: ChildProcess;
  /** Everything the process wrote, for assertions and for a failing test's message. */
  output(): string;
  /** Resolves with the exit code and signal once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `runRelayProcess(env)` from libs/messaging in its own Node process, as apps/relay would. */
export function spawnRelayProcess(env: Record<string, string>): RelayProcess {
  const dir = launcher();
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'relay-main.mjs')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}
