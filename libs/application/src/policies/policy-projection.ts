import type { Policy } from '#domain';
import type { RecordedEvent } from '#event-store';
import { projectionTables, type Projection, type ProjectionLogger } from '#read-models';
import type { CommandService } from '../command-handling/command-service.js';
import { runFollowUp } from './run-follow-up.js';

/**
 * Runs the domain's policies as a projection: the runner's checkpoint makes them durable (a crash
 * re-delivers, never skips), and each command carries the triggering eventId as causation, so its
 * eventIds are deterministic and a redelivery appends nothing new.
 */
export const policyProjection = (policies: readonly Policy[], commands: CommandService, logger: ProjectionLogger): Projection => {
  const on: Record<string, (event: RecordedEvent) => Promise<void>> = {};
  const eventTypes = new Set(policies.flatMap((policy) => Object.keys(policy.react)));
  for (const type of eventTypes) {
    on[type] = async (event) => {
      for (const policy of policies) {
        const react = policy.react[type];
        if (!react) continue;
        for (const reaction of react({ type: event.type, data: event.data })) {
          await runFollowUp(
            () =>
              commands.execute(reaction.decider, reaction.id, reaction.command, {
                correlationId: event.metadata.correlationId,
                causationId: event.eventId,
                actor: { id: `policy:${policy.name}`, role: 'system' },
              }),
            logger,
            { policy: policy.name, eventId: event.eventId },
          );
        }
      }
    };
  }
  return {
    name: 'policies',
    version: 1,
    sideEffects: true,
    tables: projectionTables([], async () => undefined),
    on,
  };
};
