import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { type Infrastructure, type InfrastructureOptions, openInfrastructure, type WusheConfig } from '#platform';
import { createApp } from './create-app.js';
import { startProjector } from '../../projector/src/start-projector.js';
import { startPublicContractRelay } from '../../relay/src/start-relay.js';

export interface RunningService {
  app: NestFastifyApplication;
  infrastructure: Infrastructure;
  close(): Promise<void>;
}

/**
 * The embedded default in one process: API + projector (+ relay when Kafka is configured).
 * Production runs the three as separate processes over the same stores.
 */
export const bootstrapService = async (config: WusheConfig, options: InfrastructureOptions = {}): Promise<RunningService> => {
  const infrastructure = await openInfrastructure(config, options);
  try {
    const app = await createApp(infrastructure);
    if (config.RUN_PROJECTOR) await startProjector(app, infrastructure);
    if (config.KAFKA_BROKERS && config.RUN_RELAY) {
      // Starts without waiting for Kafka: commands go on being accepted while the broker is down.
      const logger = app.get(Logger);
      const relay = await startPublicContractRelay(config, infrastructure.eventStore, {
        logger: {
          debug: (fields, message) => logger.debug(fields, message),
          info: (fields, message) => logger.log(fields, message),
          warn: (fields, message) => logger.warn(fields, message),
          error: (fields, message) => logger.error(fields, message),
        },
      });
      infrastructure.relay = relay.relay;
      // Registered after the projector: the relay drains first, before the stores close.
      infrastructure.onClose(() => relay.stop());
    }
    return {
      app,
      infrastructure,
      // Background first (projector, policies, relay drain), while the app's providers still exist;
      // then the app; the stores last.
      async close() {
        await infrastructure.stopBackground();
        await app.close();
        await infrastructure.close();
      },
    };
  } catch (error) {
    await infrastructure.close();
    throw error;
  }
};
