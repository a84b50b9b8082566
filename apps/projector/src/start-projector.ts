import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import type { Infrastructure } from '#platform';

/**
 * Starts the projection runner for the read models and, over the same checkpointed subscription,
 * the policies that turn facts into follow-up commands (they dispatch through the app's CommandBus).
 */
export const startProjector = async (app: INestApplicationContext, infrastructure: Infrastructure) => {
  const logger = app.get(Logger);
  const projectionLogger = {
    info: (details: object, message: string) => logger.log({ ...details }, message),
    warn: (details: object, message: string) => logger.warn({ ...details }, message),
    error: (details: object, message: string) => logger.error({ ...details }, message),
  };
  return infrastructure.startProjector([], projectionLogger);
};
