/**
 * After the award (contract-and-staffing.decider.ts): the contract signed with its terms (rules 3, 4, 5, 11),
 * the contractor's own social workers assigned and released (rule 6), and a station confirmed on post
 * with enough qualified staff within a month of signing (rules 1, 3).
 */
import { describe, it } from '@jest/globals';
import type { SocialWorkerFacts } from '../shared/facts.js';
import type { ContractTermsInput, ProjectCommand } from './project.commands.js';
import type { ProjectEvent } from './project.events.js';
import {
  spec, at, NOW, streetArea, agency, otherAgency, socialWorker, designed, BIDDING_NOW, published, bidSubmitted, bidWithdrawn,
  biddingClosed, SIGNED_AT, STAFF_DEADLINE, contractTerms, awardContract, contractedData, contracted, staffAssigned, onPost,
  untilBiddingClosed, awardAnnounced, untilAwarded, stationContracted, stationStaffed, stationOnPost, serviceProjectContracted,
} from './testing/project.fixtures.js';

describe('project decider', () => {
  describe('AwardContract', () => {
    it('contracts the organisation: signed now, staff due on post in a month (rule 3), 36 months by default (rule 4)', () => {
      spec.given(untilAwarded).when(awardContract(), at(SIGNED_AT)).then([contracted()]);
    });
    it('rule 3: the on-post deadline of a contract signed on 31 January is 28 February', () => {
      spec
        .given(untilAwarded)
        .when(awardContract(), at('2026-01-31T02:00:00.000Z'))
        .then([contracted({ signedAt: '2026-01-31T02:00:00.000Z', staffOnPostDeadline: '2026-02-28T02:00:00.000Z', endsAt: '2029-01-31T02:00:00.000Z' })]);
    });
    it('rule 3: months are Beijing months: signed 2026-03-01 06:00 Beijing time, staff are due on post 2026-04-01 06:00', () => {
      spec
        .given(untilAwarded)
        .when(awardContract(), at('2026-03-01T06:00:00+08:00'))
        .then([contracted({ signedAt: '2026-02-28T22:00:00.000Z', staffOnPostDeadline: '2026-03-31T22:00:00.000Z', endsAt: '2029-02-28T22:00:00.000Z' })]);
    });
    it('rule 4: a contract stating all its terms, with a 24-month term, runs 24 months', () => {
      spec
        .given(untilAwarded)
        .when(awardContract({ contract: { ...contractTerms, termMonths: 24 } }), at(SIGNED_AT))
        .then([contracted({ contract: { ...contractedData.contract, termMonths: 24 }, endsAt: '2028-02-15T02:00:00.000Z' })]);
    });
    it('rule 4: a contract that does not state quality and settlement method is refused, naming them', () => {
      spec
        .given(untilAwarded)
        .when(awardContract({ contract: { ...contractTerms, quality: ' ', settlementMethod: undefined } }), at(SIGNED_AT))
        .thenThrows('CONTRACT_TERMS_INCOMPLETE', { rule: 4, missing: ['quality', 'settlementMethod'] });
    });
    it('rule 4: a contract without content, quantity or price is refused', () => {
      spec
        .given(untilAwarded)
        .when(awardContract({ contract: { quality: 'q', settlementMethod: 's' } }), at(SIGNED_AT))
        .thenThrows('CONTRACT_TERMS_INCOMPLETE', { rule: 4, missing: ['content', 'quantity', 'priceFen'] });
    });
    it('refuses to award before publication', () => {
      spec.given([designed()]).when(awardContract()).thenThrows('PROJECT_NOT_PUBLISHED');
    });
    it('refuses to award while bidding is open', () => {
      spec.given([designed(), published, bidSubmitted('bid-a', agency)]).when(awardContract(), at(BIDDING_NOW)).thenThrows('BIDDING_STILL_OPEN');
    });
    it('refuses to award twice', () => {
      spec.given(stationContracted).when(awardContract()).thenThrows('PROJECT_ALREADY_CONTRACTED');
    });

    it("checks rule 5 on the contractor's stations first, so a refusal stores nothing on any stream", () => {
      const holdsGeneral = { ...agency, stationContracts: [{ projectId: 'general-1', district: streetArea.district, stationLevel: 'general' as const }] };
      spec
        .given(untilAwarded)
        .when(awardContract({ contractor: holdsGeneral }), at(SIGNED_AT))
        .thenThrows('STATION_LEVELS_CONFLICT', { rule: 5, district: streetArea.district, stationLevel: 'street', heldProjectId: 'general-1' });
      const holdsGeneralElsewhere = { ...agency, stationContracts: [{ projectId: 'street-2', district: 'other', stationLevel: 'general' as const }] };
      spec.given(untilAwarded).when(awardContract({ contractor: holdsGeneralElsewhere }), at(SIGNED_AT)).then([contracted()]);
    });
    it('answers BID_NOT_FOUND for an unknown bid', () => {
      spec.given(untilAwarded).when(awardContract({ bidId: 'bid-x' })).thenThrows('BID_NOT_FOUND');
    });
    it('refuses a withdrawn bid', () => {
      spec
        .given([
          designed(), published, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a'), bidSubmitted('bid-b', otherAgency), biddingClosed(['bid-b']),
          { ...awardAnnounced, data: { ...awardAnnounced.data, bidId: 'bid-b', organisationId: 'org-b' } },
        ])
        .when(awardContract())
        .thenThrows('BID_WITHDRAWN');
    });
    it('contracts only the organisation that made the bid', () => {
      spec.given(untilAwarded).when(awardContract({ contractor: otherAgency })).thenThrows('CONTRACTOR_NOT_BIDDER');
    });
    it('rule 11: an organisation deregistered since it bid is not contracted', () => {
      spec.given(untilAwarded).when(awardContract({ contractor: { ...agency, status: 'deregistered' } })).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    });
    it.each<[string, ContractTermsInput, string]>([
      ['a term of zero months', { ...contractTerms, termMonths: 0 }, 'CONTRACT_TERM_INVALID'],
      ['a negative price', { ...contractTerms, priceFen: -1 }, 'CONTRACT_PRICE_INVALID'],
      ['a price above the budget', { ...contractTerms, priceFen: 150_000_001 }, 'CONTRACT_EXCEEDS_BUDGET'],
    ])('rejects %s', (_label, contract, code) => {
      spec.given(untilAwarded).when(awardContract({ contract })).thenThrows(code);
    });
  });

  describe('AssignProjectStaff', () => {
    const assign = (facts: SocialWorkerFacts): ProjectCommand => ({ type: 'AssignProjectStaff', data: { socialWorker: facts } });

    it("rule 6: assigns the contractor's own social worker, recording the qualification rule 1 counts", () => {
      spec.given(stationContracted).when(assign(socialWorker('sw-1', true)), at('2026-02-20T02:00:00.000Z')).then([staffAssigned('sw-1', true)]);
    });
    it("rule 6: another organisation's social worker would be subcontracting", () => {
      spec
        .given(stationContracted)
        .when(assign(socialWorker('sw-9', true, 'org-b')))
        .thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6, contractorOrganisationId: 'org-a', employerOrganisationId: 'org-b' });
    });
    it('rule 6: a social worker employed by nobody is not the contractor’s staff either', () => {
      spec.given(stationContracted).when(assign(socialWorker('sw-9', true, null))).thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6 });
    });
    it('records nothing when the social worker is already assigned', () => {
      spec.given([...stationContracted, staffAssigned('sw-1', true)]).when(assign(socialWorker('sw-1', true))).then([]);
    });
    it('refuses a deregistered social worker', () => {
      spec.given(stationContracted).when(assign({ ...socialWorker('sw-1', true), status: 'deregistered' })).thenThrows('SOCIAL_WORKER_DEREGISTERED');
    });
    it('needs a contract in force', () => {
      spec.given(untilBiddingClosed).when(assign(socialWorker('sw-1', true))).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'bidding_closed' });
    });
  });

  describe('ReleaseProjectStaff', () => {
    const release = (socialWorkerId: string, reason = '调往其他项目'): ProjectCommand => ({ type: 'ReleaseProjectStaff', data: { socialWorkerId, reason } });

    it('releases a staff member and says who is left, so a station falling below rule 1 is visible', () => {
      spec
        .given(stationOnPost)
        .when(release('sw-2'))
        .then([
          {
            type: 'ProjectStaffReleased',
            data: { projectId: 'project-1', socialWorkerId: 'sw-2', reason: '调往其他项目', remainingStaff: 2, remainingQualified: 1, releasedAt: NOW },
          },
        ]);
    });
    it('answers STAFF_NOT_ASSIGNED for someone not on the project', () => {
      spec.given(stationOnPost).when(release('sw-9')).thenThrows('STAFF_NOT_ASSIGNED');
    });
    it('requires a reason', () => {
      spec.given(stationOnPost).when(release('sw-1', '')).thenThrows('RELEASE_REASON_REQUIRED');
    });
  });

  describe('ConfirmStaffOnPost', () => {
    const confirm: ProjectCommand = { type: 'ConfirmStaffOnPost', data: {} };

    it('rule 1: confirms a station with 3 staff of whom 2 are qualified', () => {
      spec.given(stationStaffed).when(confirm, at('2026-03-01T02:00:00.000Z')).then([onPost]);
    });
    it('rule 1: a station with only 2 staff is understaffed, however qualified', () => {
      spec
        .given([...stationContracted, staffAssigned('sw-1', true), staffAssigned('sw-2', true)])
        .when(confirm)
        .thenThrows('STATION_UNDERSTAFFED', { rule: 1, staff: 2, qualified: 2 });
    });
    it('rule 1: a station with 3 staff but only 1 qualified is understaffed', () => {
      spec
        .given([...stationContracted, staffAssigned('sw-1', true), staffAssigned('sw-2', false), staffAssigned('sw-3', false)])
        .when(confirm)
        .thenThrows('STATION_UNDERSTAFFED', { rule: 1, staff: 3, qualified: 1 });
    });
    it('rule 1: staff released before confirmation no longer count', () => {
      spec
        .given([...stationStaffed, { type: 'ProjectStaffReleased', data: { projectId: 'project-1', socialWorkerId: 'sw-1', reason: 'left', remainingStaff: 2, remainingQualified: 1, releasedAt: NOW } }])
        .when(confirm)
        .thenThrows('STATION_UNDERSTAFFED', { rule: 1, staff: 2, qualified: 1 });
    });
    it('rule 3: staff confirmed at the very deadline are on time', () => {
      spec.given(stationStaffed).when(confirm, at(STAFF_DEADLINE)).then([{ type: 'StaffOnPostConfirmed', data: { ...onPost.data, confirmedAt: STAFF_DEADLINE } } as ProjectEvent]);
    });
    it('rule 3: staff confirmed after one month from signing are late, and the bureau may terminate', () => {
      spec.given(stationStaffed).when(confirm, at('2026-03-15T02:00:01.000Z')).thenThrows('STAFF_ON_POST_DEADLINE_MISSED', { rule: 3, deadline: STAFF_DEADLINE });
    });
    it('rule 1 binds stations only: a service project is on post with one social worker', () => {
      spec
        .given(serviceProjectContracted)
        .when(confirm)
        .then([{ type: 'StaffOnPostConfirmed', data: { projectId: 'project-1', socialWorkerIds: ['sw-1'], staff: 1, qualified: 1, deadline: STAFF_DEADLINE, confirmedAt: NOW } }]);
    });
    it('a service project with nobody assigned cannot be on post', () => {
      spec.given(serviceProjectContracted.slice(0, -1)).when(confirm).thenThrows('NO_STAFF_ASSIGNED');
    });
    it('records nothing when staff are already confirmed', () => {
      spec.given(stationOnPost).when(confirm, at('2026-06-01T00:00:00.000Z')).then([]);
    });
    it('needs a contract in force', () => {
      spec.given([designed()]).when(confirm).thenThrows('CONTRACT_NOT_ACTIVE');
    });
  });
});
