/**
 * 需求失效 (issue 13 item 4): a policy on a clock. Every `intervalMs` it asks the needs list for open
 * needs last confirmed more than `staleAfterDays` ago and sends each MarkNeedStale as the service
 * (`system`). Staleness is a FACT (NeedMarkedStale), not a value derived at read time, so every
 * consumer of the one log (needs list, matcher, indicators, the Kafka analytics consumers) learns it
 * at the same position without a clock or the setting of its own, a rebuild gives the same answer,
 * and a change of NEED_STALE_AFTER_DAYS never rewrites what was already recorded.
 *
 * The list only nominates: the need's decider checks the period really ran out against its own
 * history (NEED_NOT_STALE_YET otherwise) and records nothing for a need already stale, so a lagging
 * list, two processes sweeping at once, or a sweep repeated after a crash never records a wrong fact.
 */
import { needDecider } from '#domain';
import type { ProjectionLogger } from '#read-models';
import type { CommandService } from '../command-handling/command-service.js';
import { PeriodicSweep } from './periodic-sweep.js';
import { runFollowUp } from './run-follow-up.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Needs marked per query: a backlog (a first start on an old list) drains over successive batches. */
const BATCH = 200;

export interface NeedFreshnessClockOptions {
  readonly commands: CommandService;
  /** Open, not-yet-stale needs last confirmed before the instant, oldest first (ReadModelQueries.needsDueStale). */
  readonly dueNeeds: (confirmedBefore: string, limit: number) => Promise<string[]>;
  /** NEED_STALE_AFTER_DAYS: whole days without reconfirmation after which a need is stale. */
  readonly staleAfterDays: number;
  /** NEED_FRESHNESS_SWEEP_MS: how often the clock looks. */
  readonly intervalMs: number;
  readonly logger: ProjectionLogger;
  readonly now?: () => Date;
}

/** One look (`sweep()`): marks every due need, in batches, and answers how many were marked. Sweeps never overlap. */
export class NeedFreshnessClock extends PeriodicSweep<number> {
  constructor(options: NeedFreshnessClockOptions) {
    super(() => markDueNeeds(options), options.intervalMs, (error) =>
      options.logger.error({ err: String(error) }, 'Need freshness sweep failed; the next tick retries'),
    );
  }
}

const markDueNeeds = async (options: NeedFreshnessClockOptions): Promise<number> => {
  const { commands, dueNeeds, staleAfterDays, logger } = options;
  const now = (options.now ?? (() => new Date()))();
  const confirmedBefore = new Date(now.getTime() - staleAfterDays * DAY_MS).toISOString();
  let marked = 0;
  const seen = new Set<string>();
  for (;;) {
    const due = (await dueNeeds(confirmedBefore, BATCH)).filter((needId) => !seen.has(needId));
    if (due.length === 0) return marked;
    for (const needId of due) {
      seen.add(needId);
      await runFollowUp(
        async () => {
          const handled = await commands.execute(needDecider, needId, { type: 'MarkNeedStale', data: { staleAfterDays } }, {
            correlationId: `need-freshness:${needId}:${now.toISOString()}`,
            causationId: null,
            actor: { id: 'policy:need-freshness', role: 'system' },
          });
          if (handled.events.length > 0) marked++;
        },
        logger,
        { policy: 'need-freshness', needId },
      );
    }
    // The list lags the log: what was just marked may still be nominated, hence `seen`.
    if (due.length < BATCH) return marked;
  }
};
