import type { WusheConfig } from '#platform';
import { bootstrapService, type RunningService } from '../bootstrap.js';
import type { DemoClock } from './demo-clock.js';

/**
 * The service exactly as `npm start` runs it, except that commands are decided on the demo's clock,
 * so weeks of history load in seconds. The clock reaches only the command side (event times,
 * deadlines, rule 3's month); queries, logs and the projector run on real time.
 */
export const startDemoService = (config: WusheConfig, clock: DemoClock): Promise<RunningService> =>
  bootstrapService(config, { clock: () => clock.now() });
