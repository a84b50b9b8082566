/**
 * Business logic is two pure functions per aggregate (Emmett's decider):
 * `decide(command, state, context) -> events` and `evolve(state, event) -> state`.
 * No I/O, no clock, no framework: what a decision needs arrives in the command or the context.
 */

/** A domain event as the decider sees it: an explicit type name and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A command as the decider sees it: an explicit type name and its data. */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** What every decision may read besides the command and the state: the time and who acts. */
export interface DecisionContext {
  readonly now: Date;
  readonly actor: { readonly id: string; readonly role: string; readonly issuer?: string };
}

/**
 * The account an actor is, qualified by its issuer: `<iss>#<sub>`. Two issuers may use the same
 * subject for different people, so wherever an identity from a token is compared or kept as an owner
 * (who created a record, who rated a delivery) it is this key, never the bare subject. A subject
 * cannot contain '#', so the key splits back unambiguously at its last '#'. Facts stored before
 * issuers were recorded carry no issuer: their account is the bare id.
 */
export const accountOf = (actor: { readonly id: string; readonly issuer?: string }): string =>
  actor.issuer === undefined ? actor.id : `${actor.issuer}#${actor.id}`;

export interface Decider<State, Command extends DomainCommand, Event extends DomainEvent> {
  /** Stream name prefix: streams are `<prefix>-<id>`. */
  readonly streamPrefix: string;
  readonly initialState: () => State;
  /** Returns the new facts, or throws a DomainError. Returning [] means "nothing to record". */
  readonly decide: (command: Command, state: State, context: DecisionContext) => Event[];
  readonly evolve: (state: State, event: Event) => State;
}

export const streamIdOf = (prefix: string, id: string): string => `${prefix}-${id}`;

/** Folds a history into the current state. */
export const foldEvents = <State, Event extends DomainEvent>(
  decider: Pick<Decider<State, DomainCommand, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState());
