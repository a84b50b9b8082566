import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { CommandService, MatchingService, startProjector } from '#application';
import { type Infrastructure, type InfrastructureOptions, openInfrastructure, startNeedFreshnessClock, startPublicContractRelays, startWebhookDelivery, type WusheConfig } from '#platform';
import { createApp } from './create-app.js';
import type { StartingServer } from './http/starting-server.js';
import { ShutdownGate } from './shutdown-gate.js';

export interface RunningService {
  app: NestFastifyApplication;
  infrastructure: Infrastructure;
  /** Graceful: see the order in bootstrapService. Calling it again returns the same promise. */
  close(): Promise<void>;
}

export interface BootstrapOptions extends InfrastructureOptions {
  /** How long requests in flight may take to answer once a shutdown began (default 10 s). */
  shutdownGraceMs?: number;
  /** main's server, already answering the health probes: Fastify adopts it, and it is told each start-up step. */
  startingServer?: StartingServer;
}

/**
 * The embedded default in one process: API + projector (+ relay when Kafka is configured).
 * Production runs the three as separate processes over the same stores.
 */
export const bootstrapService = async (config: WusheConfig, options: BootstrapOptions = {}): Promise<RunningService> => {
  const step = (name: string) => options.startingServer?.setStep(name);
  step('opening the stores');
  const infrastructure = await openInfrastructure(config, options);
  try {
    const gate = new ShutdownGate();
    step('building the HTTP app');
    const app = await createApp(infrastructure, gate, options.startingServer);
    if (config.RUN_PROJECTOR) {
      step('starting the projector and the matching feed');
      const logger = app.get(Logger);
      const projectionLogger = {
        info: (details: object, message: string) => logger.log({ ...details }, message),
        warn: (details: object, message: string) => logger.warn({ ...details }, message),
        error: (details: object, message: string) => logger.error({ ...details }, message),
      };
      await startProjector({
        commands: app.get(CommandService),
        aggregates: infrastructure.aggregates,
        // The API's own matching feed: proposals and auto-match read the same engine.
        matching: app.get(MatchingService),
        logger: projectionLogger,
        startRunner: (extra, runnerLogger) => infrastructure.startProjector(extra, runnerLogger),
      });
      startNeedFreshnessClock(infrastructure, app.get(CommandService), projectionLogger);
      startWebhookDelivery(infrastructure, projectionLogger);
    }
    if (config.KAFKA_BROKERS && config.RUN_RELAY) {
      // Starts without waiting for Kafka: commands go on being accepted while the broker is down.
      const logger = app.get(Logger);
      // One relay per contract version (v1 and v2 side by side), each with its checkpoint.
      const relay = await startPublicContractRelays(config, infrastructure.eventStore, {
        logger: {
          debug: (fields, message) => logger.debug(fields, message),
          info: (fields, message) => logger.log(fields, message),
          warn: (fields, message) => logger.warn(fields, message),
          error: (fields, message) => logger.error(fields, message),
        },
      });
      infrastructure.relay = relay;
      // Registered after the projector: the relay drains first, before the stores close.
      infrastructure.onClose(() => relay.stop());
    }
    const graceMs = options.shutdownGraceMs ?? 10_000;
    let closing: Promise<void> | null = null;
    const shutDown = async () => {
      const server = app.getHttpServer();
      // 1. No new connections; a request on an open connection answers 503 SHUTTING_DOWN.
      const serverClosed = gate.beginClosing(server);
      // 2. Requests waiting for the read models answer 503 SHUTTING_DOWN now, not at their deadline.
      infrastructure.beginShutdown();
      // 3. The other requests in flight finish (commands store their events) within the grace period.
      const { cutOff } = await gate.drain(server, graceMs);
      if (cutOff > 0) app.get(Logger).warn({ cutOff, graceMs }, 'Shutdown: requests still in flight after the grace period were cut off');
      await serverClosed;
      // 4. Background work (projector, policies, relay drain), while the app's providers still exist.
      await infrastructure.stopBackground();
      // 5. The app (Nest's shutdown hooks, Fastify), then 6. the stores.
      await app.close();
      await infrastructure.close();
    };
    return {
      app,
      infrastructure,
      close() {
        closing ??= shutDown();
        return closing;
      },
    };
  } catch (error) {
    await infrastructure.close();
    throw error;
  }
};
