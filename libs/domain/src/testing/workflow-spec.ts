import { expect } from '@jest/globals';
import type { DomainEvent } from '../shared/decider.js';
import type { Workflow, WorkflowInput, WorkflowStep } from '../workflows/workflow.js';

/** A step as a test names it: the stream prefix of its aggregate, the id and the command. */
export interface ExpectedStep {
  readonly on: string;
  readonly id: string;
  readonly command: WorkflowStep['command'];
}

/**
 * given / when / then for workflows, as for deciders:
 *
 *   spec.given([contracted, staffAssigned, terminated]).when(terminated).then([{ on: 'socialworker', id, command }]);
 *
 * `given` is the instance stream as it stands when the input is delivered (the input included).
 */
export const WorkflowSpecification = {
  for<State>(workflow: Workflow<State>) {
    return {
      given(events: readonly DomainEvent[]) {
        return {
          when(input: WorkflowInput) {
            const steps = () => workflow.decide(input, events.reduce(workflow.evolve, workflow.initialState()));
            return {
              then(expected: readonly ExpectedStep[]) {
                expect(steps().map((step) => ({ on: step.decider.streamPrefix, id: step.id, command: step.command }))).toEqual(expected);
              },
            };
          },
        };
      },
    };
  },
};
