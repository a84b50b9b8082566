/**
 * A station's history and a social worker's, as stored events: the workflows' given/when/then and
 * the workflow runner's tests start from them.
 */
import type { DomainEvent } from '../shared/decider.js';

// ---- a street station in district 370102, contracted to org-a ------------------------------------
export const area = { city: '370100', district: '370102', street: '370102001', community: '' };
export const designed = (kind: 'social_work_station' | 'service_project' = 'social_work_station'): DomainEvent => ({
  type: 'ProjectDesigned',
  data: {
    projectId: 'project-1', title: '街道社工站', area, kind, stationLevel: kind === 'social_work_station' ? 'street' : null,
    categories: ['elderly_care'], needIds: [], budgetFen: 1, period: { start: '2026-03-01', months: 36 }, requirements: '', serviceItems: [],
    designedAt: '2026-01-05T02:00:00.000Z',
  },
});
export const contracted = (kind: 'social_work_station' | 'service_project' = 'social_work_station'): DomainEvent => ({
  type: 'OrganisationContracted',
  data: {
    projectId: 'project-1', bidId: 'bid-a', organisationId: 'org-a', organisationName: '泉心', area, kind,
    stationLevel: kind === 'social_work_station' ? 'street' : null, categories: ['elderly_care'], needIds: [],
    contract: { content: 'c', termMonths: 36, quantity: 'q', quality: 'q', priceFen: 1, settlementMethod: 's' },
    signedAt: '2026-02-15T02:00:00.000Z', staffOnPostDeadline: '2026-03-15T02:00:00.000Z', endsAt: '2029-02-15T02:00:00.000Z',
  },
});
export const staffAssigned = (socialWorkerId: string): DomainEvent => ({
  type: 'ProjectStaffAssigned',
  data: { projectId: 'project-1', socialWorkerId, organisationId: 'org-a', qualified: true, grade: 'assistant', assignedAt: '2026-02-20T02:00:00.000Z' },
});
export const staffReleased = (socialWorkerId: string): DomainEvent => ({
  type: 'ProjectStaffReleased',
  data: { projectId: 'project-1', socialWorkerId, reason: '调岗', remainingStaff: 1, remainingQualified: 1, releasedAt: '2026-04-01T02:00:00.000Z' },
});
export const terminated = (reason: string): DomainEvent => ({
  type: 'ContractTerminated',
  data: { projectId: 'project-1', organisationId: 'org-a', reason, area, terminatedAt: '2026-12-01T02:00:00.000Z' },
});
export const completed: DomainEvent = {
  type: 'ProjectCompleted',
  data: { projectId: 'project-1', organisationId: 'org-a', area, deliveries: 0, deliveredHours: 0, beneficiariesServed: 0, completedAt: '2029-02-15T02:00:00.000Z' },
};
export const releaseHours = (socialWorkerId: string, reason: string) => ({
  on: 'socialworker',
  id: socialWorkerId,
  command: { type: 'ReleaseSocialWorker', data: { socialWorkerId, projectId: 'project-1', reason } },
});
export const releaseStation = (reason: string) => ({
  on: 'organisation',
  id: 'org-a',
  command: { type: 'ReleaseStationContract', data: { organisationId: 'org-a', projectId: 'project-1', reason } },
});

// ---- a social worker of org-a ---------------------------------------------------------------------
export const registered: DomainEvent = {
  type: 'SocialWorkerRegistered',
  data: { socialWorkerId: 'sw-1', personRef: 'ref-1', base: { level: 'district', city: '370100', district: '370102' }, hasSocialWorkDegree: true, employerOrganisationId: 'org-a' },
};
export const hoursReserved = (hoursPerWeek: number, projectId = 'project-1'): DomainEvent => ({
  type: 'SocialWorkerAssigned',
  data: { socialWorkerId: 'sw-1', projectId, hoursPerWeek, totalHoursPerWeek: hoursPerWeek, employerOrganisationId: 'org-a', assignedAt: '2026-02-20T02:00:00.000Z' },
});
export const hoursReleased: DomainEvent = { type: 'SocialWorkerReleased', data: { socialWorkerId: 'sw-1', projectId: 'project-1', hoursPerWeek: 30, reason: null } };

