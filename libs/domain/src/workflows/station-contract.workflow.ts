/**
 * Station contract, rule 5 (seed 004): within one district the general station (总站) and a street
 * station never go to the same organisation. The project signs only after checking the contractor's
 * stations (AwardContract carries them); the organisation then records the station. A rival station
 * signed between that check and this step makes the organisation refuse it: the workflow then
 * terminates the contract it could not hold, a fact on the project, never an undo.
 */
import { organisationDecider } from '../organisation/organisation.decider.js';
import type { OrganisationContractedData } from '../project/project.events.js';
import { projectDecider } from '../project/project.decider.js';
import type { ProjectEvent } from '../project/project.events.js';
import type { ProjectState } from '../project/project.state.js';
import { isStepRefused, stepOn, type Workflow } from './workflow.js';

export const STATION_NOT_HELD_REASON = 'station contract refused by the organisation';

export const stationContractWorkflow: Workflow<ProjectState> = {
  name: 'station-contract',
  streamPrefix: projectDecider.streamPrefix,
  inputs: ['OrganisationContracted'],
  initialState: projectDecider.initialState,
  evolve: (state, event) => projectDecider.evolve(state, event as ProjectEvent),
  decide(input, project) {
    if (isStepRefused(input)) {
      const { step, code } = input.data;
      if (step.command.type !== 'RecordStationContract') return [];
      const { projectId } = step.command.data as { projectId: string };
      return [stepOn(projectDecider, projectId, { type: 'TerminateContract', data: { reason: `${STATION_NOT_HELD_REASON}: ${code}` } })];
    }
    if (input.type !== 'OrganisationContracted') return [];
    const { projectId, organisationId, area, stationLevel } = input.data as OrganisationContractedData;
    // A service project holds no station; a contract that ended since owes none.
    if (stationLevel === null || project.status !== 'contracted') return [];
    return [
      stepOn(organisationDecider, organisationId, {
        type: 'RecordStationContract',
        data: { organisationId, projectId, district: area.district, stationLevel },
      }),
    ];
  },
};
