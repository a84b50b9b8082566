/**
 * What holds for the project decider as a whole: every command but the design needs a project, JSON that
 * breaks the declared shapes is refused with a 4xx code (never a 500), and the facts other aggregates read.
 * Each phase's own rules are in its spec beside its decider.
 */
import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import type { DesignProjectData, ProjectCommand } from './project.commands.js';
import { projectDecider, toProjectFacts } from './project.decider.js';
import {
  spec, at, streetArea, agency, socialWorker, designProject, designed, DEADLINE, BIDDING_NOW, submitBid, SIGNED_AT,
  awardContract, untilAwarded, stationOnPost, DELIVERY_NOW, deliverService, fileReport, contractTerminated,
} from './testing/project.fixtures.js';

const everyCommandButDesign: readonly ProjectCommand[] = [
  { type: 'PublishProjectForPurchase', data: { deadline: DEADLINE, eligibility: { description: 'x' } } },
  submitBid(),
  { type: 'WithdrawBid', data: { bidId: 'bid-a' } },
  { type: 'CloseBidding', data: {} },
  { type: 'AnnounceAward', data: { bidId: 'bid-a', bidder: agency, standstill: { workingDays: 7, calendar: { holidays: [], adjustedWorkingDays: [] } } } },
  { type: 'LodgeChallenge', data: { challengeId: 'ch-1', organisationId: 'org-b', grounds: 'x' } },
  { type: 'AnswerChallenge', data: { challengeId: 'ch-1', outcome: 'dismissed', reasons: 'x' } },
  awardContract(),
  { type: 'AssignProjectStaff', data: { socialWorker: socialWorker('sw-1', true) } },
  { type: 'ReleaseProjectStaff', data: { socialWorkerId: 'sw-1', reason: 'left' } },
  { type: 'ConfirmStaffOnPost', data: {} },
  deliverService(),
  fileReport('report-1', 'monthly_brief', '2026-02'),
  { type: 'RateService', data: { ratingId: 'rating-1', rating: 'good', score: 5 } },
  { type: 'EvaluateContract', data: { year: 2026, grade: 'good', score: 85 } },
  { type: 'TerminateContract', data: { reason: 'x' } },
  { type: 'CompleteProject', data: {} },
];

describe('project decider', () => {
  describe('on a project that does not exist', () => {
    it.each(everyCommandButDesign.map((command) => [command.type, command] as const))('%s answers PROJECT_NOT_FOUND', (_type, command) => {
      spec.given([]).when(command).thenThrows('PROJECT_NOT_FOUND');
    });
  });

  // JSON callers break the declared types; a missing nested object once answered 500.
  describe('commands with a broken shape', () => {
    const designWith = (data: Record<string, unknown>) => designProject(data as Partial<DesignProjectData>);

    it('refuses a design without an area, or with an area that is an array', () => {
      spec.given([]).when(designWith({ area: undefined })).thenThrows('PROJECT_AREA_INVALID');
      spec.given([]).when(designWith({ area: [streetArea] })).thenThrows('PROJECT_AREA_INVALID');
    });

    it('refuses a design without a period, a list of categories, needs or service items, or requirements as text', () => {
      spec.given([]).when(designWith({ period: undefined })).thenThrows('PROJECT_PERIOD_INVALID');
      spec.given([]).when(designWith({ categories: 'elderly_care' })).thenThrows('PROJECT_CATEGORIES_REQUIRED');
      spec.given([]).when(designWith({ needIds: 'need-1' })).thenThrows('PROJECT_NEED_IDS_INVALID');
      spec.given([]).when(designWith({ serviceItems: { name: 'x' } })).thenThrows('SERVICE_ITEMS_REQUIRED');
      spec.given([]).when(designWith({ serviceItems: ['独居老人探访'] })).thenThrows('SERVICE_ITEM_INVALID');
      spec.given([]).when(designWith({ requirements: 3 })).thenThrows('PROJECT_REQUIREMENTS_INVALID');
      spec.given([]).when(designWith({ title: undefined })).thenThrows('PROJECT_TITLE_REQUIRED');
    });

    it('refuses a publication without eligibility, an award without a contract, a delivery without its people or item', () => {
      spec
        .given([designed()])
        .when({ type: 'PublishProjectForPurchase', data: { deadline: DEADLINE, eligibility: undefined as never } }, at(BIDDING_NOW))
        .thenThrows('ELIGIBILITY_REQUIRED');
      spec.given(untilAwarded).when(awardContract({ contract: undefined as never }), at(SIGNED_AT)).thenThrows('CONTRACT_TERMS_INCOMPLETE');
      spec.given(stationOnPost).when(deliverService({ deliveredBy: undefined as never }), at(DELIVERY_NOW)).thenThrows('DELIVERED_BY_NOBODY');
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: 'sw-1' as never, volunteerIds: [] } }), at(DELIVERY_NOW))
        .thenThrows('DELIVERED_BY_NOBODY');
      spec.given(stationOnPost).when(deliverService({ serviceItem: undefined as never }), at(DELIVERY_NOW)).thenThrows('SERVICE_ITEM_REQUIRED');
      spec.given(stationOnPost).when(deliverService({ hoursByVolunteer: ['volunteer-7'] as never }), at(DELIVERY_NOW)).thenThrows('DELIVERY_HOURS_INCONSISTENT');
    });
  });

  describe('toProjectFacts', () => {
    it('tells other aggregates the status, place, categories and contractor', () => {
      expect(toProjectFacts(foldEvents(projectDecider, [designed()]))).toEqual({
        projectId: 'project-1',
        status: 'designed',
        categories: ['elderly_care', 'child_welfare', 'social_assistance'],
        area: streetArea,
        contractorOrganisationId: null,
      });
      expect(toProjectFacts(foldEvents(projectDecider, stationOnPost))).toMatchObject({ status: 'contracted', contractorOrganisationId: 'org-a' });
      expect(toProjectFacts(foldEvents(projectDecider, [...stationOnPost, contractTerminated('x')])).status).toBe('terminated');
    });
    it('answers PROJECT_NOT_FOUND for a project never designed', () => {
      expect(() => toProjectFacts(projectDecider.initialState())).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_FOUND' }));
    });
  });
});
