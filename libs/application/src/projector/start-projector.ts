import { domainPolicies, domainWorkflows } from '#domain';
import type { AggregateStore } from '#event-store';
import { type AnyProjection, type ProjectionLogger, type ProjectionRunner, webhookOutboxProjection } from '#read-models';
import type { CommandService } from '../command-handling/command-service.js';
import { autoMatchProjection } from '../matching/auto-match.js';
import type { MatchingService } from '../matching/matching-service.js';
import { matchingGiftsProjection } from '../policies/matching-gifts.js';
import { policyProjection } from '../policies/policy-projection.js';
import { WorkflowRunner } from '../workflows/workflow-runner.js';
import { workflowProjection } from '../workflows/workflow.projection.js';
import { matcherProposals } from '../webhooks/webhook-proposals.js';

/** What the projector runs on, whichever process hosts it (the embedded service or the projector alone). */
export interface ProjectorWiring {
  readonly commands: CommandService;
  readonly aggregates: AggregateStore;
  readonly matching: MatchingService;
  readonly logger: ProjectionLogger;
  /** Starts the runner over the read models plus `extra` (the composition root's Infrastructure.startProjector). */
  readonly startRunner: (extra: readonly AnyProjection[], logger: ProjectionLogger) => Promise<ProjectionRunner>;
}

/**
 * Starts the projection runner for the read models and, over the same checkpointed subscription,
 * the policies that turn facts into follow-up commands, the workflows that owe steps until done,
 * auto-match (which first waits for the matching feed to fold the triggering event in), and the
 * webhook outbox (which waits the same way for the proposals it tells integrators of), and the
 * matching-gifts policy that tells matching pools of each gift (配捐).
 */
export const startProjector = ({ commands, aggregates, matching, logger, startRunner }: ProjectorWiring): Promise<ProjectionRunner> => {
  const policies = policyProjection(domainPolicies, commands, logger);
  const workflows = workflowProjection(new WorkflowRunner(domainWorkflows, commands, aggregates, logger), logger);
  matching.start();
  const autoMatch = autoMatchProjection(matching, commands, logger);
  const webhookOutbox = webhookOutboxProjection(matcherProposals(matching));
  return startRunner([policies, workflows, autoMatch, webhookOutbox, matchingGiftsProjection(commands, logger)], logger);
};
