import type { AnnounceAwardData, Decider, DomainCommand, DomainEvent } from '#domain';
import type { ActingActor, AuthorityRules } from '../authority/authority.js';
import type { FactsLoader } from '../facts/facts-loader.js';
import type { SessionCodes } from '../service-sessions/session-codes.js';

/** What a command input may be given before it is decided: facts of other aggregates and the platform's settings. */
export interface PreparationContext {
  readonly facts: FactsLoader;
  readonly settings: ApplicationSettings;
  /** Who asks (the envelope's actor): a reviewer's ties are loaded from the token's organisation and person. */
  readonly actor: ActingActor;
}

/** Settings of the platform that decisions take as facts, never from the caller. */
export interface ApplicationSettings {
  /** A person's most volunteer hours on one Beijing date (VOLUNTEER_MAX_HOURS_PER_DAY). */
  readonly volunteerMaxHoursPerDay: number;
  /** 扫码签到签退: signs and verifies service session codes (SESSION_CODE_SECRET, SESSION_CODE_TTL_SECONDS). */
  readonly sessionCodes: SessionCodes;
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: webhook subscriptions may name loopback and private hosts (tests, closed networks). */
  readonly webhookAllowPrivateTargets: boolean;
  /** 质疑期: PURCHASE_STANDSTILL_WORKING_DAYS over the working-day calendar (PUBLIC_HOLIDAYS, ADJUSTED_WORKING_DAYS). */
  readonly purchaseStandstill: AnnounceAwardData['standstill'];
}

/** A command as a caller sends it: its type and data, with other aggregates named by id. */
export interface CommandInput {
  readonly type: string;
  readonly data: unknown;
}

/** For each input type that needs facts first, how to turn its data into the domain command. */
export type Preparations<Input extends CommandInput, Command extends DomainCommand> = {
  readonly [Type in Input['type']]?: (data: Extract<Input, { type: Type }>['data'], context: PreparationContext, id: string) => Promise<Command> | Command;
};

/**
 * How the application handles ONE aggregate's commands (the Eventuous `On<Command>()` table):
 * its decider, and the inputs that need preparing. An input without a preparation IS the domain
 * command. Adding a command to an aggregate is a line here at most.
 */
export interface CommandTable<Input extends CommandInput, Command extends DomainCommand, State, Event extends DomainEvent> {
  readonly decider: Decider<State, Command, Event>;
  readonly prepare: Preparations<Input, Command>;
  /** Who may ask each of the decider's commands (issue 10): one rule per command type. */
  readonly authority: AuthorityRules<Command, State>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandTable = CommandTable<any, any, any, any>;

/**
 * Declares an aggregate's table: `commandTable<NeedCommandInput>()(needDecider, { ListNeed: ... })`.
 * Curried so the input type is named once and the rest is inferred from the decider. An input
 * without a preparation must already be one of the decider's commands (the input types say so).
 */
export const commandTable =
  <Input extends CommandInput>() =>
  <Command extends DomainCommand, State, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    prepare: NoInfer<Preparations<Input, Command>>,
    authority: NoInfer<AuthorityRules<Command, State>>,
  ): CommandTable<Input, Command, State, Event> => ({ decider, prepare, authority });

/** The input type a table accepts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type InputOf<Table> = Table extends CommandTable<infer Input, any, any, any> ? Input : never;
