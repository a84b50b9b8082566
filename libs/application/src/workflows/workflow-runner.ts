import { type Decider, type DomainCommand, DomainError, stepRefused, type Workflow, type WorkflowStep } from '#domain';
import type { CommandEnvelope, HandledCommand, RecordedEvent } from '#event-store';

/** Runs one command on one aggregate: load, decide, append (AggregateStore, or the API's executor over it). */
export interface StepCommands {
  execute<State, Command extends DomainCommand>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    decider: Decider<State, Command, any>,
    id: string,
    command: Command,
    envelope: CommandEnvelope,
  ): Promise<HandledCommand>;
}

/** Folds a stream into a state: how a workflow's instance is loaded (AggregateStore.load). */
export interface InstanceLoader {
  load<State>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    workflow: Pick<Decider<State, never, any>, 'streamPrefix' | 'initialState' | 'evolve'>,
    id: string,
  ): Promise<{ state: State }>;
}

/** pino-compatible, as the projector's logger. */
export interface WorkflowLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What one step came to: the facts it stored, or the refusal and what compensated it. */
export type StepOutcome =
  | { readonly workflow: string; readonly step: WorkflowStep; readonly handled: HandledCommand }
  | { readonly workflow: string; readonly step: WorkflowStep; readonly refused: DomainError; readonly compensations: readonly HandledCommand[] };

/** The stored event a workflow reacts to: its id is the causation of every step it owes. */
export type WorkflowTrigger = Pick<RecordedEvent, 'eventId' | 'streamId' | 'type' | 'data' | 'metadata'>;

/**
 * Advances the domain's workflows by one stored event: folds each interested workflow's instance
 * stream, runs the steps its `decide` owes and, when an aggregate refuses one, the compensating steps
 * the workflow decides for that refusal. Every step carries the triggering eventId as causation, so
 * its eventIds are deterministic: running the same event again (a redelivery after a crash, or the
 * API's eager run and then the projector's) stores nothing twice. Anything but a refusal (the store
 * away, a lost race three times over) is thrown: the caller retries the whole event.
 */
export class WorkflowRunner {
  private readonly byInput = new Map<string, Workflow[]>();

  constructor(
    readonly workflows: readonly Workflow[],
    private readonly commands: StepCommands,
    private readonly instances: InstanceLoader,
    private readonly logger: WorkflowLogger,
  ) {
    for (const workflow of workflows) {
      for (const type of workflow.inputs) this.byInput.set(type, [...(this.byInput.get(type) ?? []), workflow]);
    }
  }

  /** The event types some workflow reacts to. */
  get inputs(): string[] {
    return [...this.byInput.keys()];
  }

  async advance(event: WorkflowTrigger): Promise<StepOutcome[]> {
    const outcomes: StepOutcome[] = [];
    for (const workflow of this.byInput.get(event.type) ?? []) {
      const prefix = `${workflow.streamPrefix}-`;
      if (!event.streamId.startsWith(prefix)) continue;
      const { state } = await this.instances.load(workflow, event.streamId.slice(prefix.length));
      const envelope: CommandEnvelope = {
        correlationId: event.metadata.correlationId,
        causationId: event.eventId,
        actor: { id: `workflow:${workflow.name}`, role: 'system' },
      };
      for (const step of workflow.decide({ type: event.type, data: event.data }, state)) {
        outcomes.push(await this.runStep(workflow, state, step, envelope));
      }
    }
    return outcomes;
  }

  private async runStep(workflow: Workflow, state: unknown, step: WorkflowStep, envelope: CommandEnvelope): Promise<StepOutcome> {
    try {
      return { workflow: workflow.name, step, handled: await this.execute(step, envelope) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const context = { workflow: workflow.name, command: step.command.type, id: step.id, code: error.code, causationId: envelope.causationId };
      this.logger.warn(context, 'Workflow step refused; compensating');
      const compensations: HandledCommand[] = [];
      for (const compensation of workflow.decide(stepRefused(step, error.code), state)) {
        try {
          compensations.push(await this.execute(compensation, envelope));
        } catch (refusal) {
          if (!(refusal instanceof DomainError)) throw refusal;
          // Already compensated by an earlier delivery (the contract already ended): nothing more is owed.
          this.logger.warn({ ...context, compensation: compensation.command.type, refusal: refusal.code }, 'Workflow compensation refused');
        }
      }
      return { workflow: workflow.name, step, refused: error, compensations };
    }
  }

  private execute(step: WorkflowStep, envelope: CommandEnvelope): Promise<HandledCommand> {
    return this.commands.execute(step.decider, step.id, step.command, envelope);
  }
}
