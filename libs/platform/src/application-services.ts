import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { CommandService, FactsLoader, fileMatchingCheckpoints, MatchingService, NeedFreshnessClock, SessionCodes } from '#application';
import type { ProjectionLogger } from '#read-models';
import { parseMatchingWeights } from '#matching';
import type { Infrastructure } from './infrastructure.js';
import { secretFile } from './secret-file.js';

/** The application's command service over the opened stores, with the platform's settings. */
export const commandServiceFor = (infrastructure: Infrastructure): CommandService =>
  new CommandService(infrastructure.aggregates, new FactsLoader(infrastructure.aggregates), {
    volunteerMaxHoursPerDay: infrastructure.config.VOLUNTEER_MAX_HOURS_PER_DAY,
    sessionCodes: sessionCodesFor(infrastructure),
    purchaseStandstill: {
      workingDays: infrastructure.config.PURCHASE_STANDSTILL_WORKING_DAYS,
      calendar: { holidays: infrastructure.config.PUBLIC_HOLIDAYS, adjustedWorkingDays: infrastructure.config.ADJUSTED_WORKING_DAYS },
    },
  });

/**
 * The service session codes' HMAC secret: SESSION_CODE_SECRET, or one generated once into
 * DATA_DIR/session-code.key (every process on the same data shares it).
 */
const sessionCodesFor = ({ config }: Infrastructure): SessionCodes => {
  const secret = config.SESSION_CODE_SECRET ?? secretFile(join(config.DATA_DIR, 'session-code.key'), () => randomBytes(32).toString('base64')).trim();
  return new SessionCodes(Buffer.from(secret, 'base64'), config.SESSION_CODE_TTL_SECONDS);
};

/** One matching service per process, over the infrastructure's event store; the caller starts and stops it. */
export const matchingServiceFor = (infrastructure: Infrastructure, logger: { warn(message: string): void; error(message: string): void }): MatchingService =>
  new MatchingService({
    eventStore: infrastructure.eventStore,
    weights: parseMatchingWeights(infrastructure.config.MATCHING_WEIGHTS),
    waitTimeoutMs: infrastructure.config.READ_WAIT_TIMEOUT_MS,
    shutdown: infrastructure.shutdown,
    logger,
    // Beside the other local state; a restart follows the log from here instead of replaying it all.
    checkpoints: fileMatchingCheckpoints(join(resolve(infrastructure.config.DATA_DIR), 'matching-checkpoint.json')),
  });

/**
 * Starts the needs' freshness clock (NEED_STALE_AFTER_DAYS, NEED_FRESHNESS_SWEEP_MS) beside the
 * projector, and stops it before the stores close.
 */
export const startNeedFreshnessClock = (infrastructure: Infrastructure, commands: CommandService, logger: ProjectionLogger): NeedFreshnessClock => {
  const clock = new NeedFreshnessClock({
    commands,
    dueNeeds: (confirmedBefore, limit) => infrastructure.readModels.queries.needsDueStale(confirmedBefore, limit),
    staleAfterDays: infrastructure.config.NEED_STALE_AFTER_DAYS,
    intervalMs: infrastructure.config.NEED_FRESHNESS_SWEEP_MS,
    logger,
  });
  clock.start();
  infrastructure.onClose(() => clock.stop());
  return clock;
};
