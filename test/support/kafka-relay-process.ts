import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, type SourceProcess, TsLauncher } from './ts-launcher.js';

const ENTRY = `
const { runRelayProcess } = await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'libs', 'messaging', 'src', 'relay', 'run-relay.ts')).href)});
await runRelayProcess(process.env);
process.stderr.write('relay process started\\n');
`;

const launcher = new TsLauncher('relay', { 'relay-main.mjs': ENTRY });

/** Deletes the generated launcher; call in afterAll of a spec that spawned relay processes. */
export function removeRelayLauncher(): void {
  launcher.remove();
}

export type RelayProcess = SourceProcess;

/** Runs `runRelayProcess(env)` from libs/messaging in its own Node process, as apps/relay would. */
export function spawnRelayProcess(env: Record<string, string>): RelayProcess {
  return launcher.spawn(launcher.path('relay-main.mjs'), env);
}
