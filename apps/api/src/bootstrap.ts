import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Infrastructure, openInfrastructure, type WusheConfig } from '#platform';
import { createApp } from './create-app.js';
import { startProjector } from '../../projector/src/start-projector.js';

export interface RunningService {
  app: NestFastifyApplication;
  infrastructure: Infrastructure;
  close(): Promise<void>;
}

/**
 * The embedded default in one process: API + projector (+ relay when Kafka is configured).
 * Production runs the three as separate processes over the same stores.
 */
export const bootstrapService = async (config: WusheConfig): Promise<RunningService> => {
  const infrastructure = await openInfrastructure(config);
  try {
    const app = await createApp(infrastructure);
    if (config.RUN_PROJECTOR) await startProjector(app, infrastructure);
    return {
      app,
      infrastructure,
      async close() {
        await app.close();
        await infrastructure.close();
      },
    };
  } catch (error) {
    await infrastructure.close();
    throw error;
  }
};
