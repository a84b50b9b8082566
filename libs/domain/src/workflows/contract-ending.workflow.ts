/**
 * Contract ending and staff release, rules 5 and 9 (seed 004). A contract that ends (terminated,
 * evaluated unqualified, completed) frees the station level on the organisation and every staff
 * member's weekly hours; a staff member released from the project gets their hours back. Each
 * release is owed until done: the runner repeats it after a crash, and a release of what is not
 * held records nothing, so it lands exactly once.
 */
import { organisationDecider } from '../organisation/organisation.decider.js';
import { projectDecider } from '../project/project.decider.js';
import type { ContractTerminatedData, ProjectEvent, ProjectStaffReleasedData } from '../project/project.events.js';
import type { ProjectState } from '../project/project.state.js';
import { socialWorkerDecider } from '../social-worker/social-worker.decider.js';
import { isStepRefused, stepOn, type Workflow, type WorkflowStep } from './workflow.js';

const releaseHours = (socialWorkerId: string, projectId: string, reason: string): WorkflowStep =>
  stepOn(socialWorkerDecider, socialWorkerId, { type: 'ReleaseSocialWorker', data: { socialWorkerId, projectId, reason } });

export const contractEndingWorkflow: Workflow<ProjectState> = {
  name: 'contract-ending',
  streamPrefix: projectDecider.streamPrefix,
  inputs: ['ContractTerminated', 'ProjectCompleted', 'ProjectStaffReleased'],
  initialState: projectDecider.initialState,
  evolve: (state, event) => projectDecider.evolve(state, event as ProjectEvent),
  decide(input, project) {
    if (input.type === 'StepRefused' || project.status === 'absent' || !project.contract) return [];
    const { projectId } = project;
    const contract = project.contract;
    switch (input.type) {
      case 'ProjectStaffReleased': {
        const { socialWorkerId, reason } = input.data as ProjectStaffReleasedData;
        // Taken on again since: the hours they hold now belong to the new assignment.
        if (Object.hasOwn(contract.staff, socialWorkerId)) return [];
        return [releaseHours(socialWorkerId, projectId, reason)];
      }
      case 'ContractTerminated':
      case 'ProjectCompleted': {
        const reason =
          input.type === 'ProjectCompleted' ? 'project completed' : `contract terminated: ${(input.data as ContractTerminatedData).reason}`;
        const station =
          project.kind === 'social_work_station'
            ? [
                stepOn(organisationDecider, contract.organisationId, {
                  type: 'ReleaseStationContract',
                  data: { organisationId: contract.organisationId, projectId, reason },
                }),
              ]
            : [];
        return [...station, ...Object.keys(contract.staff).map((socialWorkerId) => releaseHours(socialWorkerId, projectId, reason))];
      }
      default:
        return [];
    }
  },
};
