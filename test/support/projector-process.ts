import { join } from 'node:path';
import { REPO_ROOT, type SourceProcess, TsLauncher, waitForOutput } from './ts-launcher.js';

const launcher = new TsLauncher('projector');

/** Deletes the generated launcher; call in afterAll of a spec that spawned projector processes. */
export function removeProjectorLauncher(): void {
  launcher.remove();
}

export type ProjectorProcess = SourceProcess;

/**
 * apps/projector/src/main.ts in its own Node process (TypeScript sources through the loader hooks),
 * as production runs it; resolves once it logged that it runs.
 */
export async function spawnProjector(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ProjectorProcess> {
  const running = launcher.spawn(join(REPO_ROOT, 'apps', 'projector', 'src', 'main.ts'), { LOG_LEVEL: 'info', ...env });
  await waitForOutput(running, 'Wushe projector running', readyTimeoutMs, {
    exited: 'The projector exited before running',
    timedOut: `The projector did not start within ${readyTimeoutMs} ms`,
  });
  return running;
}
