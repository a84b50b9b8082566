import { chinaDateTimeOf, domainEventRegistry, EVENT_CORRECTED, type EventCorrectedData } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { maySeePerson } from '../authority/person-visibility.js';
import { readAccess, type ReadForm, type ReadKind, type ReadRecord } from '../authority/read-access.js';
import { accountOf, type ActorRole, type AuthenticatedActor } from '../identity/actor.js';
import { describeFact } from './event-descriptions.js';
import { historyFormFor, historyNotFound, readRecordOf } from './history-access.js';
import { describePublicly } from './public-descriptions.js';

/** The records whose history is served, by their API name: stream prefix and the 404 code of their detail (history-access.ts answers it). */
export const HISTORY_RECORDS = {
  need: { streamPrefix: 'need', notFound: 'NEED_NOT_FOUND' },
  donation: { streamPrefix: 'donation', notFound: 'DONATION_NOT_FOUND' },
  matchingPool: { streamPrefix: 'matchingpool', notFound: 'MATCHING_POOL_NOT_FOUND' },
  grantRound: { streamPrefix: 'grantround', notFound: 'GRANT_ROUND_NOT_FOUND' },
  project: { streamPrefix: 'project', notFound: 'PROJECT_NOT_FOUND' },
  organisation: { streamPrefix: 'organisation', notFound: 'ORGANISATION_NOT_FOUND' },
  community: { streamPrefix: 'community', notFound: 'COMMUNITY_NOT_FOUND' },
  volunteer: { streamPrefix: 'volunteer', notFound: 'VOLUNTEER_NOT_FOUND' },
  socialWorker: { streamPrefix: 'socialworker', notFound: 'SOCIAL_WORKER_NOT_FOUND' },
  // A person by vault reference: only its erasure is recorded (PersonalDataErased).
  person: { streamPrefix: 'person', notFound: 'PERSON_NOT_FOUND' },
} as const;
export type HistoryRecordKind = keyof typeof HISTORY_RECORDS;

/** How a role is named to a committee member. */
export const ROLE_LABELS: Record<ActorRole, string> = {
  community_committee: '居委会',
  civil_affairs_bureau: '民政局',
  social_organisation: '社会组织',
  social_worker: '社工',
  volunteer: '志愿者',
  donor: '捐赠人',
  charity_base: '慈善基地',
  resident: '居民',
  analytics_reader: '数据分析员',
  auditor: '审计',
  system: '系统',
};

/** Roles a person holds for themself: their account id says who they are, so it is personal data. */
const PERSONAL_ROLES: ReadonlySet<string> = new Set(['volunteer', 'donor', 'resident', 'social_worker']);
/**
 * 公益创投 reviews: the round's detail never says who scored or stood aside, so these facts name their actor (a
 * reviewer, in whatever role it reviews) and a reviewer's appointment its account to no reader but that reviewer.
 */
const REVIEWER_ACTED: ReadonlySet<string> = new Set(['GrantApplicationScored', 'GrantReviewerRecused']);
const REVIEWER_NAMED = 'GrantReviewerAppointed';
/**
 * Fields that point at a person (pseudonymous, but linkable): vault references, and the accounts a
 * matching pool keeps of its sponsor and of each gift's donor, a grant round's reviewers'. Shown only to who may see the person.
 */
const PERSON_REFERENCES: ReadonlySet<string> = new Set(['personRef', 'beneficiaryRef', 'donorRef', 'ownerAccount', 'donorAccount', 'reviewerAccount']);

export interface HistoryActor {
  /** The authenticated subject from the event's metadata; null when it names a person the asker may not see. */
  readonly id: string | null;
  readonly role: string;
  readonly roleLabel: string;
  readonly hidden: boolean;
}

export interface HistoryEntry {
  readonly revision: number;
  /** Global position in the one log. */
  readonly position: number;
  readonly eventId: string;
  /** The stored, versioned type name (NeedListed). */
  readonly type: string;
  /** ISO-8601 instant (UTC) the fact happened. */
  readonly occurredAt: string;
  /** The same instant in Beijing time (Asia/Shanghai, +08:00). */
  readonly occurredAtBeijing: string;
  readonly actor: HistoryActor;
  /** Who did what, in one Chinese sentence: 居委会 c-1 发布需求：独居老人助餐，1 人（…）. */
  readonly summary: string;
  /** The fact's data in its current schema (English field names); person references only to who may see the person. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The operator's EventCorrected that replaced this fact's data, if any (the entry still shows what was stored). */
  readonly correctedBy: string | null;
  /** Null in the public form. */
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

export interface RecordHistoryView {
  readonly record: { readonly kind: HistoryRecordKind; readonly id: string; readonly streamId: string };
  /**
   * The form of the record's detail for this asker (read-access.ts): 'full', or 'public' — the notice
   * board's timeline: only the facts the board reflects, each in a sentence that says no more than the
   * board (public-descriptions.ts), the acting role without its account, no data, no correlation ids.
   */
  readonly view: ReadForm;
  /** Every fact of the record, oldest first. */
  readonly entries: readonly HistoryEntry[];
  /** True when person references and personal actors were left out for this asker. */
  readonly personalDataHidden: boolean;
}

const withoutPersonReferences = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutPersonReferences);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !PERSON_REFERENCES.has(key)).map(([key, inner]) => [key, withoutPersonReferences(inner)]));
};

/**
 * The history of one record (issue 12 item 1): every fact of its stream, in order, with when
 * (Beijing time), who (the authenticated actor and role of the event's metadata) and what, in words.
 * Read from the event store itself, so it is complete the moment a command answers. Readable by
 * whoever may read the record's detail; person references and the account ids of people acting for
 * themselves only by who may see the person (maySeePerson) or the person themself.
 */
export class RecordHistory {
  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  async of(kind: HistoryRecordKind, id: string, asker: AuthenticatedActor | undefined): Promise<RecordHistoryView> {
    const streamId = `${HISTORY_RECORDS[kind].streamPrefix}-${id}`;
    const history = await this.store.readStream(streamId);
    if (history.length === 0) throw historyNotFound(kind, id);
    const current = history.map((event) => domainEventRegistry.upcast(event));
    const record = readRecordOf(kind, id, history, current);
    // Throws the 404 of an unknown id for a reader who may not read the detail.
    const view = historyFormFor(asker, kind, id, record);
    const entries = view === 'full' ? this.fullEntries(history, current, maySeePerson(asker, record), asker, record) : publicEntries(history, current);
    return { record: { kind, id, streamId }, view, entries, personalDataHidden: view === 'public' || !maySeePerson(asker, record) };
  }

  private fullEntries(
    history: readonly RecordedEvent[], current: readonly Upcast[], seesPerson: boolean, asker: AuthenticatedActor | undefined, record: ReadRecord,
  ): HistoryEntry[] {
    const correctedBy = new Map<string, string>();
    current.forEach((event, index) => {
      if (event.type === EVENT_CORRECTED) correctedBy.set((event.data as EventCorrectedData).correctedEventId, history[index]!.eventId);
    });
    return history.flatMap((recorded, index): HistoryEntry[] => {
      const { type, data } = current[index]!;
      // A fact with a read rule of its own (another bidder's bid or challenge) the asker may not see: as the notice board shows it.
      if (!maySeeFact(asker, record, type, data)) return publicEntry(recorded, type, data);
      const { actor } = recorded.metadata;
      // Facts stored before issuers were recorded carry none: their actor is the bare subject.
      const isActor = asker !== undefined && asker.id === actor.id && (actor.issuer === undefined || actor.issuer === asker.issuer);
      const hidden = (REVIEWER_ACTED.has(type) || (PERSONAL_ROLES.has(actor.role) && !seesPerson)) && !isActor;
      const shown = type === REVIEWER_NAMED && (asker === undefined || (data as { reviewerAccount?: string }).reviewerAccount !== accountOf(asker))
        ? withoutPersonReferences(data) : seesPerson ? data : withoutPersonReferences(data);
      const roleLabel = ROLE_LABELS[actor.role as ActorRole] ?? actor.role;
      const who = hidden ? `${roleLabel}（身份不公开）` : `${roleLabel} ${actor.id}`;
      return [{
        ...when(recorded),
        type,
        actor: { id: hidden ? null : actor.id, role: actor.role, roleLabel, hidden },
        summary: `${who} ${describeFact(type, data)}`,
        data: shown as Record<string, unknown>,
        correctedBy: correctedBy.get(recorded.eventId) ?? null,
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.metadata.causationId,
      }];
    });
  }
}

/** The row of a fact that belongs to one bidder: its `organisationId` (a bid's bidder, a challenge's challenger). */
const bidderOf = (data: Readonly<Record<string, unknown>>): Partial<ReadRecord> => ({ organisationId: data.organisationId as string });

/**
 * Facts inside a record that have a read rule of their own, and the row that rule looks at. A bid is
 * another organisation's offer, shown as the project detail's bids are ('bid': the awarding offices,
 * committees and auditors, and the bidder its own). A challenge (质疑) and the bureau's answer to it
 * are its challenger's in the same way: they name the bidder that contested the award, its grounds and
 * the reasons answered to it. So the contractor reading its project in full learns neither its rivals'
 * offers nor which of them challenged or why: those facts reach it as the notice board tells them
 * (有投标人提出质疑, 质疑成立/不成立), the public outcome.
 */
const FACT_READ_RULES: Readonly<Record<string, { kind: ReadKind; row: (data: Readonly<Record<string, unknown>>) => Partial<ReadRecord> }>> = {
  BidSubmitted: { kind: 'bid', row: bidderOf },
  BidWithdrawn: { kind: 'bid', row: bidderOf },
  ChallengeLodged: { kind: 'bid', row: bidderOf },
  ChallengeDismissed: { kind: 'bid', row: bidderOf },
  ChallengeUpheld: { kind: 'bid', row: bidderOf },
};

const maySeeFact = (asker: AuthenticatedActor | undefined, record: ReadRecord, type: string, data: unknown): boolean => {
  const rule = FACT_READ_RULES[type];
  return !rule || readAccess(asker, rule.kind).sees({ area: record.area, ...rule.row(data as Record<string, unknown>) });
};

type Upcast = { readonly type: string; readonly data: unknown };

const when = (recorded: RecordedEvent) => ({
  revision: recorded.revision,
  position: recorded.position,
  eventId: recorded.eventId,
  occurredAt: recorded.metadata.occurredAt,
  occurredAtBeijing: chinaDateTimeOf(new Date(recorded.metadata.occurredAt)),
});

/** The notice board's timeline: the facts it reflects, by role only, in its own words, without data (corrections are not on the board). */
const publicEntries = (history: readonly RecordedEvent[], current: readonly Upcast[]): HistoryEntry[] =>
  history.flatMap((recorded, index) => publicEntry(recorded, current[index]!.type, current[index]!.data));

/** One fact on the notice board's timeline, or none when the board does not show it. */
const publicEntry = (recorded: RecordedEvent, type: string, data: unknown): HistoryEntry[] => {
  const sentence = describePublicly(type, data);
  if (sentence === null) return [];
  const { role } = recorded.metadata.actor;
  const roleLabel = ROLE_LABELS[role as ActorRole] ?? role;
  return [{
    ...when(recorded), type, actor: { id: null, role, roleLabel, hidden: true }, summary: `${roleLabel} ${sentence}`, data: {}, correctedBy: null, correlationId: null, causationId: null,
  }];
};
