import { type Area, type DecisionContext, type Decider, type DomainCommand, DomainError, type DomainEvent, forbidden } from '#domain';
import type { RecordedEvent } from '#event-store';
import { accountOf, AREA_SCOPE_LEVELS, type AreaScope, type PersonRole } from '../identity/actor.js';

/**
 * Who may do what (issue 10): every command of every aggregate names the roles that may ask it,
 * the area its decision is about, and, for roles that act only for themselves, whose record it must
 * be. Checked inside command handling, on the freshly loaded state, whatever the caller (HTTP, a
 * CLI, an import): a refusal is a 403 with a code and stores nothing. The service's own policies
 * and workflows act as `system` and pass; no token can claim that role.
 */

/** An area the decision is about, as far as it is known ('' or absent: the level does not apply). */
export type DecisionArea = Partial<Record<keyof Area, string | null>>;

/** What a rule may look at besides the command: the state and who created the record. */
export interface AuthorityFacts<State> {
  readonly state: State;
  /** The account (accountOf: issuer-qualified subject) that stored the record's first fact (a donor's pledge, a volunteer's self-registration). */
  readonly createdBy: string | null;
}

/** The acting person as the check sees it (the envelope's actor). */
export interface ActingActor {
  readonly id: string;
  readonly role: string;
  readonly area?: AreaScope;
  readonly organisationId?: string;
  /** The volunteer or social worker record the account is (token claim `person`). */
  readonly personId?: string;
  readonly issuer?: string;
}

export interface AuthorityRule<Command, State> {
  /** The roles that may ask; [] for a command only the service's own processes send. */
  readonly roles: readonly PersonRole[];
  /** The area the decision is about; null when it cannot be known yet (the decider then answers 404). */
  readonly area: (command: Command, facts: AuthorityFacts<State>) => DecisionArea | null;
  /** Roles that act only for their own record, and how to tell (an organisation's staff for its organisation). */
  readonly own?: Partial<Record<PersonRole, (command: Command, facts: AuthorityFacts<State>, actor: ActingActor) => boolean>>;
  /**
   * Roles that cannot read a record that is not their own (README "Who may see what": a volunteer sees
   * only its record, an organisation only its social workers, a subscriber only its subscriptions): for
   * them the `own` refusal answers as an unknown id, not 403 NOT_YOUR_RECORD, which would tell that the
   * id exists. Roles that can read the record (a donor sees the other donations of its area) keep the 403.
   */
  readonly ownHides?: readonly PersonRole[];
  /**
   * The actor's area may also lie inside the decision's (a committee records ratings of a district-wide
   * project's service in its community): the two must agree wherever both name a level.
   */
  readonly overlaps?: boolean;
  /**
   * The command names records the service found, not an area the caller chose (the records naming a
   * person): an actor whose area holds none of them may read none of them, so its refusal answers what
   * the same command naming no record answers (`without`), not 403 OUTSIDE_YOUR_AREA, which would tell
   * that such records exist elsewhere. An actor that holds some of them knows the record and keeps the 403.
   */
  readonly namesRecords?: {
    readonly areas: (command: Command) => readonly DecisionArea[];
    readonly without: (command: Command) => DomainCommand;
  };
  /**
   * For these roles, a second area the decision touches that must lie in the actor's area too (the
   * donation a charity base spends on a need of its area). When it is the record's own area (the rule
   * cannot tell it without the record), a refusal answers as an unknown id, like the main area's.
   */
  readonly alsoWithin?: Partial<Record<PersonRole, (command: Command, facts: AuthorityFacts<State>) => DecisionArea | null>>;
}

/** One rule per command type of the decider: a command without a rule does not compile. */
export type AuthorityRules<Command extends DomainCommand, State> = {
  readonly [Type in Command['type']]: AuthorityRule<Extract<Command, { type: Type }>, State>;
};

const known = (code: string | null | undefined): code is string => typeof code === 'string' && code !== '';

/**
 * True when the decision's area lies inside the actor's scope: the area names every level the scope
 * names, with the same code. Fails closed: an area that does not say its city (or any level the
 * scope names) is not inside the scope, since a district code alone is not unique across cities.
 */
export const areaCovers = (scope: AreaScope, area: DecisionArea): boolean =>
  AREA_SCOPE_LEVELS.every((level) => scope[level] === undefined || (known(area[level]) && area[level] === scope[level]));

/** True when the scope and the area agree at every level both name: one lies inside the other. */
export const areasOverlap = (scope: AreaScope, area: DecisionArea): boolean =>
  AREA_SCOPE_LEVELS.every((level) => scope[level] === undefined || !known(area[level]) || area[level] === scope[level]);

/** The account (issuer-qualified) that stored a stream's first fact. */
export const creatorOf = (history: readonly RecordedEvent[]): string | null => (history[0] ? accountOf(history[0].metadata.actor) : null);

/**
 * The first, cheapest check: may this role ask this command type at all? Run before any fact is
 * loaded, so a role that may never ask learns nothing about which records exist.
 */
export const checkRole = <Command extends DomainCommand, State>(
  rules: AuthorityRules<Command, State>,
  type: string,
  actor: ActingActor,
): AuthorityRule<Command, State> => {
  const rule = (rules as unknown as Record<string, AuthorityRule<Command, State>>)[type]!;
  if (actor.role !== 'system' && !rule.roles.includes(actor.role as PersonRole)) {
    throw forbidden('ROLE_NOT_PERMITTED', `A ${actor.role} may not ${type}`, { command: type, role: actor.role, roles: rule.roles });
  }
  return rule;
};

/** The state every decider starts from ('absent'), as the area rules read it. */
const UNKNOWN_STATE = { status: 'absent' };
/** True when the rule cannot name the area without the record (it answers null, or fails, on an absent one). */
const areaNeedsTheRecord = (areaOfAbsent: () => DecisionArea | null): boolean => {
  try {
    return areaOfAbsent() === null;
  } catch {
    return true;
  }
};

/**
 * Throws a 403 DomainError when the actor may not ask `command`; returns when it may. The rule the
 * product keeps (README "Who may do what"): a record the actor may not read answers as an unknown id,
 * never 403. So a refusal because of a RECORD (another's record, a record whose own area lies outside
 * the actor's, records found for the command none of which the actor may read) throws what the same
 * command on an unknown id answers (`unknownRecord`) when there is one. A record named in the body that
 * the actor may not read never reaches this check: its per-command FactsLoader answers it as unknown
 * while the command is prepared, before any rule looks at it. A refusal because of what the command itself
 * names (a registration placing a record in another area) stays 403: that answer does not depend on
 * what exists, so it tells nothing.
 */
export const checkAuthority = <Command extends DomainCommand, State>(
  rules: AuthorityRules<Command, State>,
  command: Command,
  facts: AuthorityFacts<State>,
  actor: ActingActor,
  unknownRecord: (asked?: DomainCommand) => DomainError | undefined = () => undefined,
): void => {
  if (actor.role === 'system') return;
  const rule = checkRole(rules, command.type, actor);
  const role = actor.role as PersonRole;
  const own = rule.own?.[role];
  if (own && !own(command, facts, actor)) {
    throw (rule.ownHides?.includes(role) ? unknownRecord() : undefined) ??
      forbidden('NOT_YOUR_RECORD', `A ${actor.role} may ${command.type} only for its own record`, { command: command.type, role: actor.role });
  }
  const readable = (area: DecisionArea): boolean => actor.area !== undefined && areaCovers(actor.area, area);
  /** The answer as for an unknown id when the refusal is about a record the actor may not read. */
  const hidden = (recordsOwnArea: boolean): DomainError | undefined => {
    if (recordsOwnArea) {
      const unknown = unknownRecord();
      if (unknown) return unknown;
    }
    const names = rule.namesRecords;
    if (names && !names.areas(command).some(readable)) return unknownRecord(names.without(command));
    return undefined;
  };
  const absentFacts = { ...facts, state: UNKNOWN_STATE as State, createdBy: null };
  const area = rule.area(command, facts);
  if (area === null) return;
  if (!actor.area || !(areaCovers(actor.area, area) || (rule.overlaps === true && areasOverlap(actor.area, area)))) {
    // The area is the record's own when the rule cannot tell it without the record (a command that
    // names an area of its own, such as a registration, is refused as outside the area: that leaks nothing).
    throw hidden(areaNeedsTheRecord(() => rule.area(command, absentFacts))) ??
      forbidden('OUTSIDE_YOUR_AREA', `${command.type} concerns an area outside the actor's own`, { command: command.type, area, actorArea: actor.area ?? null });
  }
  const alsoWithin = rule.alsoWithin?.[role];
  const second = alsoWithin?.(command, facts) ?? null;
  if (second !== null && !areaCovers(actor.area, second)) {
    throw hidden(areaNeedsTheRecord(() => alsoWithin!(command, absentFacts))) ??
      forbidden('OUTSIDE_YOUR_AREA', `${command.type} touches a record outside the actor's area`, { command: command.type, area: second, actorArea: actor.area });
  }
};


/**
 * The AggregateStore guard for a table's rules and an actor: checked before each decision. With the
 * decider, a record that exists but is not the actor's answers exactly what an unknown id answers:
 * the decider's own not-found error for the command on a record that was never created.
 */
export const authorityGuard =
  <Command extends DomainCommand, State>(
    rules: AuthorityRules<Command, State>,
    command: Command,
    decider?: Decider<State, Command, DomainEvent>,
  ) =>
  (state: State, history: readonly RecordedEvent[], context: DecisionContext): void => {
    // Also for an id never created (a role's `own` rule fails on it too): the decider's 404, not a 403.
    const unknownRecord = (asked: DomainCommand = command): DomainError | undefined => {
      if (!decider) return undefined;
      try {
        decider.decide(asked as Command, decider.initialState(), context);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not_found') return error;
      }
      return undefined;
    };
    checkAuthority(rules, command, { state, createdBy: creatorOf(history) }, context.actor as ActingActor, unknownRecord);
  };
