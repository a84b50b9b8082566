/**
 * Deadlines told to integrators (topic `deadlines`, type `deadline.<kind>`). A kind is one line in
 * DEADLINE_KINDS: its name and the read-model query answering the deadlines falling due by a date,
 * each naming the record whose parties are told (`project:<id>`: its community and contractor).
 * A deadline is told once per subscription (its notice id comes from the kind and its key), as soon
 * as it is within WEBHOOK_DEADLINE_NOTICE_DAYS, or at once when it is already due.
 */
import { deterministicUuid } from '#event-store';
import { giveTurn, type ProjectionLogger, type ReadModelDatabase, reportsDueBy, standstillsEndingBy, type WebhookOutboxStore } from '#read-models';
import { PeriodicSweep } from '../policies/periodic-sweep.js';

export interface Deadline {
  /** Unique within its kind: the same deadline always has the same key. */
  readonly key: string;
  /** The record whose parties are told: `project:<id>`, `need:<id>`, `donation:<id>`. */
  readonly record: string;
  readonly dueAt: string;
  /** What the integrator needs to act: ids, kinds, periods. No personal data. */
  readonly data: Record<string, unknown>;
}

export interface DeadlineKind {
  /** `report_due` -> notices of type `deadline.report_due`. */
  readonly kind: string;
  readonly dueBy: (database: ReadModelDatabase, until: Date) => Promise<readonly Deadline[]>;
}

/** Rule 10 (seed 004): monthly briefs, the mid-term and the final report a contract owes. */
const reportsDue = async (database: ReadModelDatabase, until: Date): Promise<Deadline[]> =>
  (await reportsDueBy(database.db, until)).map(({ projectId, organisationId, kind, period, dueAt }) => ({
    key: `${projectId}/${kind}/${period}`,
    record: `project:${projectId}`,
    dueAt,
    data: { projectId, organisationId, report: { kind, period } },
  }));

/** 质疑期: an announced award's standstill ends; bidders' last chance to challenge, the bureau's first to sign. */
const challengePeriodsEnding = async (database: ReadModelDatabase, until: Date): Promise<Deadline[]> =>
  (await standstillsEndingBy(database.db, until)).map(({ projectId, bidId, awardedOrganisationId, lastDay, endsAt }) => ({
    key: `${projectId}/${bidId}/${endsAt}`, // a re-award after an upheld challenge has a standstill of its own
    record: `project:${projectId}`,
    dueAt: endsAt,
    data: { projectId, award: { bidId, organisationId: awardedOrganisationId }, standstillLastDay: lastDay },
  }));

/** Every deadline kind the service announces; a new kind is one more line. */
export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  { kind: 'report_due', dueBy: reportsDue },
  { kind: 'challenge_period_ending', dueBy: challengePeriodsEnding },
];

export interface DeadlineClockOptions {
  readonly database: ReadModelDatabase;
  readonly outbox: WebhookOutboxStore;
  /** Parties of a record, as the outbox projection keeps them. */
  readonly partiesOf: (record: string) => Promise<string[]>;
  readonly kinds?: readonly DeadlineKind[];
  /** WEBHOOK_DEADLINE_NOTICE_DAYS. */
  readonly noticeDays: number;
  /** WEBHOOK_DEADLINE_SWEEP_MS. */
  readonly intervalMs: number;
  readonly logger: ProjectionLogger;
  readonly now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Looks every `intervalMs` for deadlines within the notice period and puts their notices in the
 * outbox. Idempotent by construction (stable notice and delivery ids), so two processes sweeping,
 * or a sweep repeated after a crash, queue nothing twice.
 */

/** One look (`sweep()`) queues the deliveries of every deadline within the notice period and answers how many. */
export class DeadlineClock extends PeriodicSweep<number> {
  constructor(options: DeadlineClockOptions) {
    super(() => announceDeadlines(options), options.intervalMs, (error) =>
      options.logger.error({ err: String(error) }, 'Deadline sweep failed; the next tick retries'),
    );
  }
}

const announceDeadlines = async (options: DeadlineClockOptions): Promise<number> => {
  const { database, outbox, partiesOf, noticeDays } = options;
  const now = (options.now ?? (() => new Date()))();
  const until = new Date(now.getTime() + noticeDays * DAY_MS);
  let queued = 0;
  for (const { kind, dueBy } of options.kinds ?? DEADLINE_KINDS) {
    for (const deadline of await dueBy(database, until)) {
      const notice = {
        eventId: deterministicUuid('webhook-deadline', kind, deadline.key),
        type: `deadline.${kind}`,
        topic: 'deadlines' as const,
        occurredAt: now.toISOString(),
        data: { kind, dueAt: deadline.dueAt, overdue: deadline.dueAt <= now.toISOString(), ...deadline.data },
      };
      queued += await outbox.enqueue(notice, await partiesOf(deadline.record), now);
      // The SQLite store answers synchronously, so these awaits never let a request in: thousands of
      // deadlines (a 1M-event district's first sweep) held /health/live silent for ~2 s without turns.
      await giveTurn();
    }
  }
  return queued;
};
