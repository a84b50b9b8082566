import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { domainPolicies } from '#domain';
import type { Infrastructure } from '#platform';
import { CommandExecutor } from '../../api/src/infrastructure/command-executor.js';
import { policyProjection } from './policy.projection.js';

/**
 * Starts the projection runner for the read models and, over the same checkpointed subscription,
 * the policies that turn facts into follow-up commands.
 */
export const startProjector = async (app: INestApplicationContext, infrastructure: Infrastructure) => {
  const logger = app.get(Logger);
  const projectionLogger = {
    info: (details: object, message: string) => logger.log({ ...details }, message),
    warn: (details: object, message: string) => logger.warn({ ...details }, message),
    error: (details: object, message: string) => logger.error({ ...details }, message),
  };
  const policies = policyProjection(domainPolicies, app.get(CommandExecutor), projectionLogger);
  return infrastructure.startProjector([policies], projectionLogger);
};
