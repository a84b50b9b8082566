import { beforeEach, describe, expect, it } from '@jest/globals';
import { domainEventRegistry, domainWorkflows, type DomainEvent } from '#domain';
import { AggregateStore, type RecordedEvent } from '#event-store';
import { InMemoryEventStore } from '../../../read-models/src/testing/in-memory-event-store.js';
import { contracted, designed, hoursReserved, registered, staffAssigned, terminated } from '../../../domain/src/testing/workflow-histories.js';
import { type StepCommands, WorkflowRunner } from './workflow-runner.js';

const quiet = { warn: () => undefined, error: () => undefined };
const organisationRegistered: DomainEvent = {
  type: 'OrganisationRegistered',
  data: {
    organisationId: 'org-a', name: '泉心', kind: 'social_work_agency', unifiedSocialCreditCode: '52370102MJ0000001X', budgetFunded: false,
    district: '370102', area: null, serviceCategories: ['elderly_care'], capacity: 3,
  },
};
const stationRecorded: DomainEvent = {
  type: 'StationContractRecorded',
  data: { organisationId: 'org-a', projectId: 'project-1', district: '370102', stationLevel: 'street' },
};

describe('WorkflowRunner', () => {
  let store: InMemoryEventStore;
  let aggregates: AggregateStore;

  const seed = async (streamId: string, events: readonly DomainEvent[]): Promise<RecordedEvent[]> => {
    const before = (await store.readStream(streamId)).length;
    await store.append(
      streamId,
      events.map((event, index) => ({
        eventId: `${streamId}-${before + index}`,
        type: event.type,
        schemaVersion: domainEventRegistry.schemaVersionOf(event.type),
        data: event.data,
        metadata: { correlationId: 'request-1', causationId: null, actor: { id: 'bureau', role: 'civil_affairs_bureau' }, occurredAt: '2026-12-01T02:00:00.000Z' },
      })),
      'any',
    );
    return (await store.readStream(streamId)).slice(before);
  };
  const typesOf = async (streamId: string) => (await store.readStream(streamId)).map((event) => event.type);
  const runnerOver = (commands: StepCommands) => new WorkflowRunner(domainWorkflows, commands, aggregates, quiet);
  const direct: StepCommands = { execute: (decider, id, command, envelope) => aggregates.handle(decider, id, command, envelope) };

  beforeEach(async () => {
    store = new InMemoryEventStore();
    aggregates = new AggregateStore(store, domainEventRegistry);
    await seed('organisation-org-a', [organisationRegistered, stationRecorded]);
    await seed('socialworker-sw-1', [registered, hoursReserved(30)]);
    await seed('project-project-1', [designed(), contracted(), staffAssigned('sw-1')]);
  });

  it('a contract that ends frees the station and the staff’s hours, caused by the ending fact', async () => {
    const [ended] = await seed('project-project-1', [terminated('annual evaluation unqualified')]);
    const outcomes = await runnerOver(direct).advance(ended!);

    expect(outcomes.map((outcome) => outcome.step.command.type)).toEqual(['ReleaseStationContract', 'ReleaseSocialWorker']);
    const [release] = (await store.readStream('socialworker-sw-1')).slice(-1);
    expect(release).toMatchObject({ type: 'SocialWorkerReleased', metadata: { causationId: ended!.eventId, correlationId: 'request-1', actor: { id: 'workflow:contract-ending' } } });
  });

  it('survives a crash between its steps: delivered again, it finishes the release exactly once', async () => {
    const [ended] = await seed('project-project-1', [terminated('annual evaluation unqualified')]);
    // The process dies after the station release, before the hours are released.
    const dying: StepCommands = {
      execute: (decider, id, command, envelope) =>
        decider.streamPrefix === 'socialworker' ? Promise.reject(new Error('process died')) : direct.execute(decider, id, command, envelope),
    };
    await expect(runnerOver(dying).advance(ended!)).rejects.toThrow('process died');
    expect(await typesOf('organisation-org-a')).toEqual(['OrganisationRegistered', 'StationContractRecorded', 'StationContractReleased']);
    expect(await typesOf('socialworker-sw-1')).toEqual(['SocialWorkerRegistered', 'SocialWorkerAssigned']);

    // Restarted, the checkpoint delivers the ending again, and again after that.
    await runnerOver(direct).advance(ended!);
    await runnerOver(direct).advance(ended!);
    expect(await typesOf('organisation-org-a')).toEqual(['OrganisationRegistered', 'StationContractRecorded', 'StationContractReleased']);
    expect(await typesOf('socialworker-sw-1')).toEqual(['SocialWorkerRegistered', 'SocialWorkerAssigned', 'SocialWorkerReleased']);
  });

  it('compensates a refused step with a command that records a fact: hours reserved for a project whose contract ended are released', async () => {
    await seed('project-project-1', [terminated('x')]);
    const [reservedAgain] = await seed('socialworker-sw-1', [hoursReserved(20)]);
    const [outcome] = await runnerOver(direct).advance(reservedAgain!);

    expect(outcome).toMatchObject({ workflow: 'project-staffing', step: { command: { type: 'AssignProjectStaff' } }, refused: { code: 'CONTRACT_NOT_ACTIVE' } });
    const [released] = (await store.readStream('socialworker-sw-1')).slice(-1);
    expect(released).toMatchObject({ type: 'SocialWorkerReleased', data: { projectId: 'project-1', reason: 'not taken on by the project: CONTRACT_NOT_ACTIVE' } });
    expect(await typesOf('project-project-1')).not.toContain('ProjectStaffReleased');
  });
});
