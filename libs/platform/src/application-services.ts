import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { CommandService, DeadlineClock, FactsLoader, fileMatchingCheckpoints, MatchingService, NeedFreshnessClock, SessionCodes, WebhookDispatcher, WebhookSecrets } from '#application';
import { type ProjectionLogger, WebhookOutboxStore } from '#read-models';
import { parseMatchingWeights } from '#matching';
import type { Infrastructure } from './infrastructure.js';
import { secretFile } from './secret-file.js';

/** The application's command service over the opened stores, with the platform's settings. */
export const commandServiceFor = (infrastructure: Infrastructure): CommandService =>
  new CommandService(infrastructure.aggregates, new FactsLoader(infrastructure.aggregates), {
    volunteerMaxHoursPerDay: infrastructure.config.VOLUNTEER_MAX_HOURS_PER_DAY,
    sessionCodes: sessionCodesFor(infrastructure),
    webhookAllowPrivateTargets: infrastructure.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
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

/**
 * The key every webhook subscription's secret is derived from: WEBHOOK_SECRET_KEY, or one generated
 * once into DATA_DIR/webhook-secret.key (the API shows secrets, the projector signs with them: both
 * must derive the same).
 */
export const webhookSecretsFor = ({ config }: Infrastructure): WebhookSecrets => {
  const key = config.WEBHOOK_SECRET_KEY ?? secretFile(join(config.DATA_DIR, 'webhook-secret.key'), () => randomBytes(32).toString('base64')).trim();
  return new WebhookSecrets(Buffer.from(key, 'base64'));
};

/** The webhook outbox over the read-model store: subscriptions, parties and deliveries. */
export const webhookOutboxFor = (infrastructure: Infrastructure): WebhookOutboxStore => new WebhookOutboxStore(infrastructure.readModels.database.db);

/**
 * Starts, beside the projector (which fills the outbox), the dispatcher that sends the webhook
 * deliveries and the clock that announces deadlines; both stop before the stores close.
 */
export const startWebhookDelivery = (infrastructure: Infrastructure, logger: ProjectionLogger): { dispatcher: WebhookDispatcher; deadlines: DeadlineClock } => {
  const { config } = infrastructure;
  const outbox = webhookOutboxFor(infrastructure);
  const dispatcher = new WebhookDispatcher({
    outbox,
    secrets: webhookSecretsFor(infrastructure),
    retry: { initialMs: config.WEBHOOK_RETRY_INITIAL_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS },
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    pollMs: config.WEBHOOK_POLL_MS,
    concurrency: config.WEBHOOK_CONCURRENCY,
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    logger,
  });
  const deadlines = new DeadlineClock({
    database: infrastructure.readModels.database,
    outbox,
    partiesOf: (record) => outbox.partiesOf(record),
    noticeDays: config.WEBHOOK_DEADLINE_NOTICE_DAYS,
    intervalMs: config.WEBHOOK_DEADLINE_SWEEP_MS,
    logger,
  });
  dispatcher.start();
  deadlines.start();
  infrastructure.onClose(() => deadlines.stop());
  infrastructure.onClose(() => dispatcher.stop());
  return { dispatcher, deadlines };
};
