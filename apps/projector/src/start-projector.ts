import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { WorkflowRunner, workflowProjection } from '#application';
import { domainPolicies, domainWorkflows } from '#domain';
import type { Infrastructure } from '#platform';
import { CommandExecutor } from '../../api/src/infrastructure/command-executor.js';
import { autoMatchProjection, CommandService, MatchingService } from '#application';
import { matchingServiceFor } from '../../api/src/features/matching/matching.module.js';
import { policyProjection } from './policy.projection.js';

/**
 * Starts the projection runner for the read models and, over the same checkpointed subscription,
 * the policies that turn facts into follow-up commands and the workflows that owe steps until done.
 */
export const startProjector = async (app: INestApplicationContext, infrastructure: Infrastructure) => {
  const logger = app.get(Logger);
  const projectionLogger = {
    info: (details: object, message: string) => logger.log({ ...details }, message),
    warn: (details: object, message: string) => logger.warn({ ...details }, message),
    error: (details: object, message: string) => logger.error({ ...details }, message),
  };
  const policies = policyProjection(domainPolicies, app.get(CommandExecutor), projectionLogger);
  const workflows = workflowProjection(new WorkflowRunner(domainWorkflows, app.get(CommandExecutor), infrastructure.aggregates, projectionLogger), projectionLogger);
  // The matching feed replays from 0 in memory; auto-match waits on it before each reaction.
  const matching = matchingServiceOf(app, infrastructure);
  matching.start();
  const autoMatch = autoMatchProjection(matching, app.get(CommandService), projectionLogger);
  return infrastructure.startProjector([policies, workflows, autoMatch], projectionLogger);
};

/** The API's MatchingService when the app has one, else one of our own (the projector-only process). */
const matchingServiceOf = (app: INestApplicationContext, infrastructure: Infrastructure): MatchingService => {
  try {
    return app.get(MatchingService, { strict: false });
  } catch {
    const matching = matchingServiceFor(infrastructure);
    infrastructure.onClose(() => matching.stop());
    return matching;
  }
};
