/**
 * Project staffing: a social worker's weekly hours (at most 40 across projects) and rule 6 (seed 004:
 * only the contractor's own staff). AssignProjectStaff reserves the hours on the social worker first,
 * checked against the project's facts, so every refusal stores nothing; the project then takes the
 * worker on. Should the project refuse in between (its contract ended meanwhile), the workflow
 * releases the hours it reserved, as a fact on the social worker.
 */
import { projectDecider } from '../project/project.decider.js';
import { socialWorkerDecider, type SocialWorkerState, toSocialWorkerFacts } from '../social-worker/social-worker.decider.js';
import type { SocialWorkerAssignedData, SocialWorkerEvent } from '../social-worker/social-worker.events.js';
import { isStepRefused, stepOn, type Workflow } from './workflow.js';

export const NOT_TAKEN_ON_REASON = 'not taken on by the project';

export const projectStaffingWorkflow: Workflow<SocialWorkerState> = {
  name: 'project-staffing',
  streamPrefix: socialWorkerDecider.streamPrefix,
  inputs: ['SocialWorkerAssigned'],
  initialState: socialWorkerDecider.initialState,
  evolve: (state, event) => socialWorkerDecider.evolve(state, event as SocialWorkerEvent),
  decide(input, socialWorker) {
    if (socialWorker.status === 'absent') return [];
    const { socialWorkerId } = socialWorker;
    if (isStepRefused(input)) {
      const { step, code } = input.data;
      if (step.command.type !== 'AssignProjectStaff') return [];
      return [
        stepOn(socialWorkerDecider, socialWorkerId, {
          type: 'ReleaseSocialWorker',
          data: { socialWorkerId, projectId: step.id, reason: `${NOT_TAKEN_ON_REASON}: ${code}` },
        }),
      ];
    }
    if (input.type !== 'SocialWorkerAssigned') return [];
    const { projectId, hoursPerWeek } = input.data as SocialWorkerAssignedData;
    // Released or given other hours since: this reservation is no longer the one that stands.
    if (socialWorker.assignments[projectId] !== hoursPerWeek) return [];
    return [stepOn(projectDecider, projectId, { type: 'AssignProjectStaff', data: { socialWorker: toSocialWorkerFacts(socialWorker) } })];
  },
};
