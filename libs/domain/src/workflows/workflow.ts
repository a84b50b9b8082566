/**
 * Workflows (Emmett's shape): a process across aggregates as two pure functions.
 * `decide(input, state) -> steps` says which commands are still owed; `evolve(state, event) -> state`
 * folds the workflow's instance stream (the stream its inputs come from). The runner folds that
 * stream AS IT STANDS when the input is delivered, so a redelivered or replayed input owes only
 * what is neither done nor superseded since, and every step is idempotent on its aggregate.
 */
import type { Decider, DomainCommand, DomainEvent } from '../shared/decider.js';

/** One command a workflow owes, on the aggregate it names. */
export interface WorkflowStep {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly decider: Decider<any, any, any>;
  readonly id: string;
  readonly command: DomainCommand;
}

/**
 * An aggregate refused a step the workflow owed. The workflow answers with compensating steps, each a
 * command that records a fact: nothing is ever undone by hand.
 */
export interface StepRefused {
  readonly type: 'StepRefused';
  readonly data: { readonly step: WorkflowStep; readonly code: string };
}

export type WorkflowInput = DomainEvent | StepRefused;

export interface Workflow<State = unknown> {
  /** Stable name: the actor of its commands (`workflow:<name>`) and the key of its log lines. */
  readonly name: string;
  /** Prefix of the instance stream: inputs come from it, and the state is that stream folded. */
  readonly streamPrefix: string;
  /** The event types that may owe steps. */
  readonly inputs: readonly string[];
  readonly initialState: () => State;
  readonly evolve: (state: State, event: DomainEvent) => State;
  readonly decide: (input: WorkflowInput, state: State) => WorkflowStep[];
}

export const stepOn = <Command extends DomainCommand>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  decider: Decider<any, Command, any>,
  id: string,
  command: Command,
): WorkflowStep => ({ decider, id, command });

export const isStepRefused = (input: WorkflowInput): input is StepRefused => input.type === 'StepRefused';

export const stepRefused = (step: WorkflowStep, code: string): StepRefused => ({ type: 'StepRefused', data: { step, code } });
