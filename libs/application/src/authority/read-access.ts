import { type DomainError, notFound } from '#domain';
import type { RowScope } from '#read-models';
import { accountOf, AREA_SCOPE_LEVELS, type AreaScope, type AuthenticatedActor, type PersonRole } from '../identity/actor.js';
import type { DecisionArea } from './authority.js';

/**
 * Who may see what (issue 10, the read side of who may do what): ONE rule for every list and detail
 * query, as `readAccess(reader, kind)`. The HTTP query controllers pass it the verified reader and
 * nothing else; the read models apply its row scope in SQL (listPage), and the detail views ask
 * `sees` and `full` of the loaded record. README "Who may see what" states the same table.
 *
 * - Anonymous: the notice board only (needs, projects, donations lists, every area, public form).
 * - Signed in: every list and detail is bounded by the token's area; a record outside it is not
 *   listed and its detail answers 404 with the kind's NOT_FOUND code, exactly as an unknown id
 *   (existence is not revealed). Inside it, the role decides the rows (a volunteer sees only its
 *   own record, an organisation only its own social workers and bids) and the form: `full`, or
 *   the `public` notice-board form of a need, project or donation.
 */

export type ReadKind = 'need' | 'project' | 'bid' | 'donation' | 'organisation' | 'community' | 'volunteer' | 'socialWorker' | 'grantRound' | 'elder';

/** What the rule looks at in one record. */
export interface ReadRecord {
  readonly area?: DecisionArea;
  /** An organisation's own id; a bid's bidder. */
  readonly organisationId?: string | null;
  readonly contractorOrganisationId?: string | null;
  readonly employerOrganisationId?: string | null;
  readonly volunteerId?: string | null;
  /** The issuer-qualified account that stored the record's first fact (a donation's donor; accountOf). */
  readonly createdBy?: string | null;
}

export type ReadForm = 'full' | 'public';

export interface ReadAccess {
  /** The rows a list may show; read models apply it in SQL. */
  readonly rows: RowScope;
  /** True when a loaded record lies within `rows` (else its detail answers 404). */
  readonly sees: (record: ReadRecord) => boolean;
  /** The form a visible record is shown in. */
  readonly form: (record: ReadRecord) => ReadForm;
}

/** Offices, committees, charity bases and the two read-only roles read what lies in their area. */
const AREA_ROLES: readonly PersonRole[] = ['civil_affairs_bureau', 'community_committee', 'charity_base', 'auditor', 'analytics_reader'];
const NOTHING: RowScope = { nothing: true };
const NOTICE_BOARD = new Set<ReadKind>(['need', 'project', 'donation']);

/** Who sees a need, project or donation in full (the rest of the rows see the notice-board form). */
const fullForm: Partial<Record<ReadKind, (reader: AuthenticatedActor, record: ReadRecord) => boolean>> = {
  need: (reader) => (['civil_affairs_bureau', 'community_committee', 'charity_base', 'auditor'] as PersonRole[]).includes(reader.role),
  project: (reader, record) =>
    (['civil_affairs_bureau', 'community_committee', 'auditor'] as PersonRole[]).includes(reader.role) ||
    ((reader.role === 'social_organisation' || reader.role === 'social_worker') && reader.organisationId !== undefined && record.contractorOrganisationId === reader.organisationId),
  // Scores while the round is in review: its funder's offices, the bureau and auditors; applicants and reviewers see the results once published.
  grantRound: (reader) => (['civil_affairs_bureau', 'charity_base', 'auditor'] as PersonRole[]).includes(reader.role),
  donation: (reader, record) =>
    (['civil_affairs_bureau', 'community_committee', 'charity_base', 'auditor'] as PersonRole[]).includes(reader.role) ||
    ((reader.role === 'donor' || reader.role === 'resident') && record.createdBy === accountOf(reader)),
};

/**
 * A volunteer who registered itself (实名注册 at the console) owns the record its account created, even
 * before an issuer links the account to it with the `person` claim: its detail, not the list (whose
 * rows are narrowed in SQL by the linked id only).
 */
const selfRegistered = (reader: AuthenticatedActor, kind: ReadKind, record: ReadRecord): boolean =>
  kind === 'volunteer' && reader.role === 'volunteer' && typeof record.createdBy === 'string' && record.createdBy === accountOf(reader);

/** The rows of a kind a signed-in reader may see: always bounded by its area, then by its role. */
const rowsOf = (reader: AuthenticatedActor, kind: ReadKind): RowScope => {
  const within: AreaScope = reader.area;
  const staff = reader.role === 'social_organisation' || reader.role === 'social_worker';
  switch (kind) {
    case 'need':
    case 'donation':
    case 'community':
    case 'organisation':
      return { within };
    case 'grantRound':
      // 公益创投: a call for applications, and its grants, reach down from the levels they name (a city round shows to a district's readers).
      return { within, overlapping: true };
    case 'project':
      // A district-wide project serves the communities of its district: their committees see it.
      return { within, overlapping: true };
    case 'bid':
      // Bids are another organisation's offer: the offices and committees that award, and the bidder its own.
      if (staff) return reader.organisationId ? { owner: { key: 'organisation', id: reader.organisationId } } : NOTHING;
      return (['civil_affairs_bureau', 'community_committee', 'auditor'] as PersonRole[]).includes(reader.role) ? {} : NOTHING;
    case 'volunteer':
      if (reader.role === 'volunteer') return reader.personId ? { owner: { key: 'volunteer', id: reader.personId } } : NOTHING;
      // The contractor's staff coordinate volunteers on the project it runs (their names stay hidden: maySeePerson).
      return AREA_ROLES.includes(reader.role) || staff ? { within } : NOTHING;
    case 'socialWorker':
      if (staff) return reader.organisationId ? { owner: { key: 'employer', id: reader.organisationId } } : NOTHING;
      return AREA_ROLES.includes(reader.role) && reader.role !== 'charity_base' ? { within } : NOTHING;
    case 'elder':
      // 特殊困难老年人名册: who keeps it (committee, office), audits it, or knocks on doors (the area's social workers and
      // their organisations, who see the row but not the person: maySeePerson). Nobody else learns who is on it.
      return (['civil_affairs_bureau', 'community_committee', 'auditor'] as PersonRole[]).includes(reader.role) || staff ? { within } : NOTHING;
  }
};

const OWNER_FIELDS = { organisation: 'organisationId', employer: 'employerOrganisationId', contractor: 'contractorOrganisationId', volunteer: 'volunteerId' } as const;

const known = (code: string | null | undefined): code is string => typeof code === 'string' && code !== '';

/** The in-memory twin of listPage's SQL scope: a record it would list. */
export const rowInScope = (scope: RowScope, record: ReadRecord): boolean => {
  if (scope.nothing) return false;
  if (scope.within) {
    const area = record.area;
    if (!area) return false;
    for (const level of AREA_SCOPE_LEVELS) {
      const code = scope.within[level];
      if (!code) continue;
      const value = area[level];
      if (value === code || (scope.overlapping === true && !known(value))) continue;
      return false;
    }
  }
  if (scope.owner) {
    const owner = record[OWNER_FIELDS[scope.owner.key]];
    if (owner === undefined || owner === null || owner !== scope.owner.id) return false;
  }
  return true;
};

/** What `reader` (undefined: anonymous) may see of records of `kind`: the one read rule. */
export const readAccess = (reader: AuthenticatedActor | undefined, kind: ReadKind): ReadAccess => {
  if (!reader) {
    const rows = NOTICE_BOARD.has(kind) ? {} : NOTHING;
    return { rows, sees: (record) => rowInScope(rows, record), form: () => 'public' };
  }
  const rows = rowsOf(reader, kind);
  const full = fullForm[kind];
  return {
    rows,
    sees: (record) => rowInScope(rows, record) || selfRegistered(reader, kind, record),
    form: (record) => (full === undefined || full(reader, record) ? 'full' : 'public'),
  };
};

/** A matching pool (配捐) is read as the donations it matches, reaching down from the levels it names: a district pool shows to its streets and communities. */
export const matchingPoolRows = (reader: AuthenticatedActor | undefined): RowScope => ({ ...readAccess(reader, 'donation').rows, overlapping: true });

const NOT_FOUND: Record<ReadKind, readonly [code: string, noun: string, key: string]> = {
  need: ['NEED_NOT_FOUND', 'need', 'needId'],
  project: ['PROJECT_NOT_FOUND', 'project', 'projectId'],
  bid: ['BID_NOT_FOUND', 'bid', 'bidId'],
  donation: ['DONATION_NOT_FOUND', 'donation', 'donationId'],
  organisation: ['ORGANISATION_NOT_FOUND', 'organisation', 'organisationId'],
  community: ['COMMUNITY_NOT_FOUND', 'community', 'communityId'],
  volunteer: ['VOLUNTEER_NOT_FOUND', 'volunteer', 'volunteerId'],
  socialWorker: ['SOCIAL_WORKER_NOT_FOUND', 'social worker', 'socialWorkerId'],
  grantRound: ['GRANT_ROUND_NOT_FOUND', 'grant round', 'roundId'],
  elder: ['ELDER_NOT_FOUND', 'elderly person on a register', 'elderId'],
};

/** A record outside the reader's rows answers exactly as an unknown id (404, same code and message): its existence is not revealed. */
export const notVisible = (kind: ReadKind, id: string): DomainError => {
  const [code, noun, key] = NOT_FOUND[kind];
  return notFound(code, `No such ${noun}`, { [key]: id });
};
