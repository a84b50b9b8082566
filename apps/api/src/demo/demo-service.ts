import { Logger } from 'nestjs-pino';
import { domainEventRegistry } from '#domain';
import { AggregateStore } from '#event-store';
import { type Infrastructure, openInfrastructure, type WusheConfig } from '#platform';
import type { RunningService } from '../bootstrap.js';
import { createApp } from '../create-app.js';
import { startProjector } from '../../../projector/src/start-projector.js';
import { startPublicContractRelay } from '../../../relay/src/start-relay.js';
import type { DemoClock } from './demo-clock.js';

/**
 * The service exactly as bootstrapService starts it, except that commands are decided on the
 * demo's clock, so weeks of history load in seconds. The clock reaches only the command side (event
 * times, deadlines, rule 3's month); queries, logs and the projector run on real time.
 * Kept in step with apps/api/src/bootstrap.ts by hand until bootstrapService takes a clock.
 */
export const startDemoService = async (config: WusheConfig, clock: DemoClock): Promise<RunningService> => {
  const opened = await openInfrastructure(config);
  const infrastructure: Infrastructure = {
    ...opened,
    aggregates: new AggregateStore(opened.eventStore, domainEventRegistry, { clock: () => clock.now() }),
  };
  try {
    const app = await createApp(infrastructure);
    if (config.RUN_PROJECTOR) await startProjector(app, infrastructure);
    if (config.KAFKA_BROKERS && config.RUN_RELAY) {
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
      infrastructure.onClose(() => relay.stop());
    }
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
