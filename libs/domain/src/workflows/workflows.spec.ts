import { describe, it } from '@jest/globals';
import { WorkflowSpecification } from '../testing/workflow-spec.js';
import {
  completed, contracted, designed, hoursReleased, hoursReserved, registered, releaseHours, releaseStation, staffAssigned, staffReleased, terminated,
} from '../testing/workflow-histories.js';
import { organisationDecider } from '../organisation/organisation.decider.js';
import { projectDecider } from '../project/project.decider.js';
import { contractEndingWorkflow } from './contract-ending.workflow.js';
import { projectStaffingWorkflow } from './project-staffing.workflow.js';
import { stationContractWorkflow } from './station-contract.workflow.js';
import { stepOn, stepRefused } from './workflow.js';

describe('station contract workflow (rule 5)', () => {
  const spec = WorkflowSpecification.for(stationContractWorkflow);
  const recordStation = { on: 'organisation', id: 'org-a', command: { type: 'RecordStationContract', data: { organisationId: 'org-a', projectId: 'project-1', district: '370102', stationLevel: 'street' } } };

  it('records the station on the organisation once the project signed', () => {
    spec.given([designed(), contracted()]).when(contracted()).then([recordStation]);
  });

  it('holds no station for an award announced: only the contract signed after the standstill (质疑期) does', () => {
    const announced = {
      type: 'AwardAnnounced',
      data: {
        projectId: 'project-1', bidId: 'bid-1', organisationId: 'org-a', organisationName: '泉心社工', priceFen: 1, area: { city: '370100', district: '370102', street: '370102001', community: '' },
        announcedAt: '2026-02-11T02:00:00.000Z', standstill: { workingDays: 7, lastDay: '2026-02-24', endsAt: '2026-02-24T16:00:00.000Z' },
      },
    } as const;
    spec.given([designed(), announced]).when(announced).then([]);
  });

  it('owes nothing for a service project, nor for a contract that has ended since', () => {
    spec.given([designed('service_project'), contracted('service_project')]).when(contracted('service_project')).then([]);
    spec.given([designed(), contracted(), terminated('x')]).when(contracted()).then([]);
  });

  it('terminates the contract when the organisation refuses the station (a rival level signed in between): a fact, not an undo', () => {
    const record = stepOn(organisationDecider, 'org-a', recordStation.command as never);
    spec
      .given([designed(), contracted()])
      .when(stepRefused(record, 'STATION_LEVELS_CONFLICT'))
      .then([{ on: 'project', id: 'project-1', command: { type: 'TerminateContract', data: { reason: 'station contract refused by the organisation: STATION_LEVELS_CONFLICT' } } }]);
  });
});

describe('project staffing workflow (40 h a week, rule 6)', () => {
  const spec = WorkflowSpecification.for(projectStaffingWorkflow);
  const takeOn = {
    on: 'project',
    id: 'project-1',
    command: {
      type: 'AssignProjectStaff',
      data: { socialWorker: { socialWorkerId: 'sw-1', status: 'active', qualified: true, grade: null, employerOrganisationId: 'org-a' } },
    },
  };

  it('has the project take on the worker whose hours were reserved', () => {
    spec.given([registered, hoursReserved(30)]).when(hoursReserved(30)).then([takeOn]);
  });

  it('owes nothing for a reservation released or replaced since', () => {
    spec.given([registered, hoursReserved(30), hoursReleased]).when(hoursReserved(30)).then([]);
    spec.given([registered, hoursReserved(30), hoursReserved(20)]).when(hoursReserved(30)).then([]);
  });

  it('releases the reserved hours when the project refuses the worker (its contract ended in between)', () => {
    const assign = stepOn(projectDecider, 'project-1', takeOn.command as never);
    spec
      .given([registered, hoursReserved(30)])
      .when(stepRefused(assign, 'CONTRACT_NOT_ACTIVE'))
      .then([{ on: 'socialworker', id: 'sw-1', command: { type: 'ReleaseSocialWorker', data: { socialWorkerId: 'sw-1', projectId: 'project-1', reason: 'not taken on by the project: CONTRACT_NOT_ACTIVE' } } }]);
  });
});

describe('contract ending workflow (rules 5, 9)', () => {
  const spec = WorkflowSpecification.for(contractEndingWorkflow);
  const staffed = [designed(), contracted(), staffAssigned('sw-1'), staffAssigned('sw-2')];

  it('a terminated station contract (rule 9: evaluated unqualified) frees the station, then every staff member’s hours', () => {
    const ended = terminated('annual evaluation unqualified');
    spec
      .given([...staffed, ended])
      .when(ended)
      .then([
        releaseStation('contract terminated: annual evaluation unqualified'),
        releaseHours('sw-1', 'contract terminated: annual evaluation unqualified'),
        releaseHours('sw-2', 'contract terminated: annual evaluation unqualified'),
      ]);
  });

  it('a completed service project frees its staff; it holds no station', () => {
    spec
      .given([designed('service_project'), contracted('service_project'), staffAssigned('sw-1'), completed])
      .when(completed)
      .then([releaseHours('sw-1', 'project completed')]);
  });

  it('a staff member released from the project gets their hours back, unless taken on again since', () => {
    spec.given([...staffed, staffReleased('sw-1')]).when(staffReleased('sw-1')).then([releaseHours('sw-1', '调岗')]);
    spec.given([...staffed, staffReleased('sw-1'), staffAssigned('sw-1')]).when(staffReleased('sw-1')).then([]);
  });

  it('owes nothing for a refused release: releasing what is not held records nothing, it is never refused', () => {
    const step = stepOn(organisationDecider, 'org-a', releaseStation('x').command as never);
    spec.given(staffed).when(stepRefused(step, 'ORGANISATION_NOT_FOUND')).then([]);
  });
});
