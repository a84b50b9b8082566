import type { Decider, DomainCommand, DomainEvent } from '#domain';
import type { AggregateStore, CommandEnvelope, HandledCommand } from '#event-store';
import { type ActingActor, authorityGuard, checkRole } from '../authority/authority.js';
import type { FactsLoader } from '../facts/facts-loader.js';
import type { AnyCommandTable, ApplicationSettings, InputOf, PreparationContext } from './command-table.js';

/**
 * Handles any aggregate's command by its table: prepare (load the facts the decision needs from
 * other streams), then load, check who may ask (the table's authority rules), decide and append with the expected revision (AggregateStore: bounded
 * retry on a race, idempotent by the envelope's key). One path for HTTP, policies and workflows.
 */
export class CommandService {
  private readonly context: Omit<PreparationContext, 'actor'>;

  constructor(
    private readonly aggregates: AggregateStore,
    facts: FactsLoader,
    settings: ApplicationSettings,
  ) {
    this.context = { facts, settings };
  }

  /** The platform's settings the decisions take (the session code signer for the endpoint that shows codes). */
  get settings(): ApplicationSettings {
    return this.context.settings;
  }

  async handle<Table extends AnyCommandTable>(table: Table, id: string, input: InputOf<Table>, envelope: CommandEnvelope): Promise<HandledCommand> {
    const command = await this.prepared(table, id, input, envelope);
    return this.aggregates.handle(table.decider, id, command, envelope, authorityGuard(table.authority, command, table.decider));
  }

  /**
   * `handle` without the append: role, preparation (facts of other streams), authority on the loaded
   * state and the decision, exactly as `handle` runs them; throws what `handle` would refuse with.
   */
  async trial<Table extends AnyCommandTable>(table: Table, id: string, input: InputOf<Table>, envelope: CommandEnvelope): Promise<{ replayed: boolean; events: DomainEvent[] }> {
    const command = await this.prepared(table, id, input, envelope);
    return this.aggregates.trial(table.decider, id, command, envelope, authorityGuard(table.authority, command, table.decider));
  }

  /**
   * Role first (before any fact is loaded), then the input's preparation, with a loader for this actor:
   * a record named by id that the actor may not read answers as an unknown id (FactsLoader.forOneCommand).
   */
  private async prepared<Table extends AnyCommandTable>(table: Table, id: string, input: InputOf<Table>, envelope: CommandEnvelope): Promise<DomainCommand> {
    const actor = envelope.actor as ActingActor;
    checkRole(table.authority, input.type, actor);
    const prepare = (table.prepare as Record<string, ((data: unknown, context: PreparationContext, id: string) => unknown) | undefined>)[input.type];
    const facts = this.context.facts.forOneCommand(actor);
    return (prepare ? await prepare(input.data, { ...this.context, facts, actor }, id) : input) as DomainCommand;
  }

  /** A domain command a flow prepared itself, checked against the table's authority like any other. */
  decide<Table extends AnyCommandTable>(table: Table, id: string, command: Parameters<Table['decider']['decide']>[0], envelope: CommandEnvelope): Promise<HandledCommand> {
    return this.aggregates.handle(table.decider, id, command, envelope, authorityGuard(table.authority, command, table.decider));
  }

  /**
   * A domain command that is already prepared (a policy's reaction, a workflow's step): decided and
   * appended as it is. Callers are the service's own processes, never a request.
   */
  execute<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    command: Command,
    envelope: CommandEnvelope,
  ): Promise<HandledCommand> {
    return this.aggregates.handle(decider, id, command, envelope);
  }

  /** See AggregateStore.earlierAttempt: a retried multi-stream request answers before any side step. */
  earlierAttempt(decider: Pick<Decider<unknown, never, DomainEvent>, 'streamPrefix'>, id: string, envelope: CommandEnvelope) {
    return this.aggregates.earlierAttempt(decider, id, envelope);
  }

  /** The aggregate's current state and revision, for a flow that must look before it writes. */
  load<State, Event extends DomainEvent>(decider: Pick<Decider<State, never, Event>, 'streamPrefix' | 'initialState' | 'evolve'>, id: string) {
    return this.aggregates.load(decider, id);
  }
}
