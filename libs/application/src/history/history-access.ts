import { type Area, type DomainError, notFound } from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaOfBase, areaOfSeat } from '../authority/areas.js';
import type { DecisionArea } from '../authority/authority.js';
import { creatorOf } from '../authority/authority.js';
import { maySeePerson } from '../authority/person-visibility.js';
import { matchingPoolRows, notVisible, readAccess, rowInScope, type ReadForm, type ReadKind, type ReadRecord } from '../authority/read-access.js';
import { accountOf, type AuthenticatedActor } from '../identity/actor.js';
import type { HistoryRecordKind } from './record-history.js';

/**
 * Who may read a record's history: exactly who may read its detail (read-access.ts), in the same
 * form. The record the rule looks at is read from the stream itself (the history is served from the
 * event store, so it must not wait for a projection): where it lies from the first fact, and the
 * owners the detail's read model keeps (contractor, employer, creator) from the facts that set them.
 */

type Fact = Readonly<Record<string, unknown>>;

const READ_KINDS: Partial<Record<HistoryRecordKind, ReadKind>> = {
  need: 'need', donation: 'donation', grantRound: 'grantRound', project: 'project', organisation: 'organisation',
  community: 'community', volunteer: 'volunteer', socialWorker: 'socialWorker',
};

/** The latest value a fact of `type` set, else `fallback`. */
const latest = (current: readonly { type: string; data: unknown }[], type: string, key: string, fallback: unknown): unknown => {
  const fact = current.findLast((event) => event.type === type);
  return fact ? (fact.data as Fact)[key] : fallback;
};

/** What the read rule looks at in a record, as its detail's read model would have it. */
export const readRecordOf = (
  kind: HistoryRecordKind, id: string, history: readonly RecordedEvent[], current: readonly { type: string; data: unknown }[],
): ReadRecord & { area: DecisionArea } => {
  const first = current[0]!.data as Fact;
  switch (kind) {
    case 'organisation':
      return { area: areaOfSeat(first.area as Area | null, (first.city as string | undefined) ?? null, first.district as string), organisationId: id };
    case 'socialWorker':
      return {
        area: areaOfBase(first.base as Parameters<typeof areaOfBase>[0]),
        employerOrganisationId: latest(current, 'SocialWorkerEmployed', 'employerOrganisationId', first.employerOrganisationId ?? null) as string | null,
      };
    case 'project':
      return { area: first.area as Area, contractorOrganisationId: latest(current, 'OrganisationContracted', 'organisationId', null) as string | null };
    case 'volunteer':
      return { area: first.area as Area, volunteerId: id, createdBy: creatorOf(history) };
    case 'donation':
    case 'matchingPool':
      return { area: first.area as Area, createdBy: creatorOf(history) };
    default:
      return { area: first.area as Area };
  }
};

/** The answer for a record this reader may not see, identical to the one for an id nothing was recorded under. */
export const historyNotFound = (kind: HistoryRecordKind, id: string): DomainError => {
  const readKind = READ_KINDS[kind];
  if (readKind) return notVisible(readKind, id);
  // As the matching pool's detail answers; a person has no detail, only this history.
  return kind === 'matchingPool' ? notFound('MATCHING_POOL_NOT_FOUND', `No matching pool ${id}`, { poolId: id }) : notFound('PERSON_NOT_FOUND', 'No erasure was recorded for this person', { personRef: id });
};

/**
 * The form `asker` reads the history in, or the 404 of an unknown id when it may not read it: the
 * detail's rule for every kind with a detail; a matching pool as its detail (reaching down from the
 * levels it names), in full only to its sponsor, the bureau and auditors; a person's erasure only to who may see the person (maySeePerson) in its area.
 */
export const historyFormFor = (asker: AuthenticatedActor | undefined, kind: HistoryRecordKind, id: string, record: ReadRecord & { area: DecisionArea }): ReadForm => {
  const readKind = READ_KINDS[kind];
  if (readKind) {
    const access = readAccess(asker, readKind);
    if (!access.sees(record)) throw historyNotFound(kind, id);
    return access.form(record);
  }
  const sees = kind === 'matchingPool' ? rowInScope(matchingPoolRows(asker), record) : maySeePerson(asker, record);
  if (!sees) throw historyNotFound(kind, id);
  return kind === 'matchingPool' ? poolHistoryForm(asker, record) : 'full';
};

/**
 * A pool's detail counts its gifts, never who gave them: each gift's donation, donor kind, amount and
 * the donor's running matched total are for its sponsor (who set it up), the civil-affairs bureau
 * (it lies in the bureau's area: matchingPoolRows) and auditors; every other reader gets its notice board.
 */
const poolHistoryForm = (asker: AuthenticatedActor | undefined, record: ReadRecord): ReadForm => {
  if (!asker) return 'public';
  const full = asker.role === 'civil_affairs_bureau' || asker.role === 'auditor' || (typeof record.createdBy === 'string' && record.createdBy === accountOf(asker));
  return full ? 'full' : 'public';
};
