/**
 * The purchase's first phase (design-and-purchase.decider.ts): designing a project for needs (rules 4, 8),
 * publishing it for purchase, bids submitted and withdrawn (rules 7, 11), and bidding closed at the deadline.
 */
import { describe, it } from '@jest/globals';
import type { OrganisationFacts } from '../shared/facts.js';
import type { DesignProjectData, ProjectCommand, SubmitBidData } from './project.commands.js';
import type { ProjectEvent } from './project.events.js';
import {
  spec, at, NOW, streetArea, communityArea, agency, otherAgency, designProject, designed, serviceProjectDesigned, DEADLINE,
  BIDDING_NOW, published, bidSubmitted, bidWithdrawn, biddingClosed, submitBid, untilBiddingClosed,
} from './testing/project.fixtures.js';

describe('project decider', () => {
  describe('DesignProject', () => {
    it('designs a street station for its needs: a 36-month period by default (rule 4), items normalised', () => {
      spec.given([]).when(designProject(), at('2026-01-05T02:00:00.000Z')).then([designed()]);
    });

    it('designs a community service project with a stated period', () => {
      spec
        .given([])
        .when(
          designProject({ title: '莲花社区独居老人关爱项目', area: communityArea, kind: 'service_project', stationLevel: undefined, budgetFen: 20_000_000, period: { start: '2026-03-01', months: 12 } }),
          at('2026-01-05T02:00:00.000Z'),
        )
        .then([serviceProjectDesigned]);
    });

    it("scopes a district general station to its district: street and community ''", () => {
      const districtArea = { ...streetArea, street: '' };
      spec
        .given([])
        .when(designProject({ area: districtArea, stationLevel: 'general' }), at('2026-01-05T02:00:00.000Z'))
        .then([designed({ area: districtArea, stationLevel: 'general' })]);
    });

    it('accepts a JSON null station level on a service project', () => {
      spec
        .given([])
        .when(designProject({ kind: 'service_project', stationLevel: null as never, area: communityArea }), at(NOW))
        .then([designed({ kind: 'service_project', stationLevel: null, area: communityArea, designedAt: NOW })]);
    });

    it('refuses to design the same project twice', () => {
      spec.given([designed()]).when(designProject()).thenThrows('PROJECT_ALREADY_EXISTS');
    });

    it.each<[string, Partial<DesignProjectData>, string]>([
      ['a blank title', { title: ' ' }, 'PROJECT_TITLE_REQUIRED'],
      ['an overlong title', { title: '站'.repeat(201) }, 'PROJECT_TITLE_TOO_LONG'],
      ['an unknown kind', { kind: 'franchise' as never }, 'PROJECT_KIND_UNKNOWN'],
      ['a station without a level', { stationLevel: undefined }, 'STATION_LEVEL_REQUIRED'],
      ['a service project with a station level', { kind: 'service_project', area: communityArea }, 'STATION_LEVEL_NOT_APPLICABLE'],
      ['a street station scoped to one community', { area: communityArea }, 'PROJECT_AREA_INVALID'],
      ['a street station without a street', { area: { ...streetArea, street: '' } }, 'PROJECT_AREA_INVALID'],
      ['a general station scoped to a street', { stationLevel: 'general' }, 'PROJECT_AREA_INVALID'],
      ['a community without its street', { kind: 'service_project', stationLevel: undefined, area: { ...communityArea, street: '' } }, 'PROJECT_AREA_INVALID'],
      ['no district', { area: { ...streetArea, district: '' } }, 'PROJECT_AREA_INVALID'],
      ['no categories', { categories: [] }, 'PROJECT_CATEGORIES_REQUIRED'],
      ['an unknown category', { categories: ['elderly_care', 'astrology' as never] }, 'UNKNOWN_SERVICE_CATEGORY'],
      ['a prototype key as category', { categories: ['constructor' as never] }, 'UNKNOWN_SERVICE_CATEGORY'],
      ['a zero budget', { budgetFen: 0 }, 'PROJECT_BUDGET_INVALID'],
      ['a budget in fractions of a fen', { budgetFen: 100.5 }, 'PROJECT_BUDGET_INVALID'],
      ['an impossible start date', { period: { start: '2026-02-30' } }, 'PROJECT_PERIOD_INVALID'],
      ['a period of zero months', { period: { start: '2026-03-01', months: 0 } }, 'PROJECT_PERIOD_INVALID'],
      ['no service items', { serviceItems: [] }, 'SERVICE_ITEMS_REQUIRED'],
      ['an item outside the categories', { serviceItems: [{ name: '就业指导', category: 'employment' }] }, 'SERVICE_ITEM_INVALID'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given([]).when(designProject(overrides)).thenThrows(code);
    });

    it('rule 8: a station may buy ordinary social-work services', () => {
      spec
        .given([])
        .when(designProject({ serviceItems: [{ name: '社区志愿者培育', category: 'social_assistance', confidential: false, administrativeAct: false }] }), at(NOW))
        .then([designed({ serviceItems: [{ name: '社区志愿者培育', category: 'social_assistance', confidential: false, administrativeAct: false }], designedAt: NOW })]);
    });

    it("rule 8: a station cannot buy the street government's confidential matters or administrative acts", () => {
      spec
        .given([])
        .when(
          designProject({
            serviceItems: [
              { name: '困难家庭探访', category: 'social_assistance' },
              { name: '低保审批', category: 'social_assistance', administrativeAct: true },
              { name: '涉密档案整理', category: 'social_assistance', confidential: true },
            ],
          }),
        )
        .thenThrows('NOT_A_STATION_SERVICE', { rule: 8, items: ['低保审批', '涉密档案整理'] });
    });

    it('rule 8 binds stations only: a service project may list an administrative support item', () => {
      const item = { name: '协助入户调查', category: 'social_assistance', confidential: false, administrativeAct: true } as const;
      spec
        .given([])
        .when(designProject({ kind: 'service_project', stationLevel: undefined, area: communityArea, serviceItems: [item] }), at(NOW))
        .then([designed({ kind: 'service_project', stationLevel: null, area: communityArea, serviceItems: [item], designedAt: NOW })]);
    });
  });

  describe('PublishProjectForPurchase', () => {
    const publishedEligibility = { description: '依法登记的社会组织或企业，具备社会工作服务经验', minimumGrade: 3 };
    const publish = (deadline = DEADLINE, eligibility: { description: string; minimumGrade?: number } = publishedEligibility): ProjectCommand => ({
      type: 'PublishProjectForPurchase',
      data: { deadline, eligibility },
    });

    it('publishes the project with its deadline and eligibility', () => {
      spec.given([designed()]).when(publish(), at('2026-01-10T02:00:00.000Z')).then([published]);
    });
    it('any grade may bid when no minimum grade is published', () => {
      spec
        .given([designed()])
        .when(publish('2026-02-10T17:00:00+08:00', { description: '依法登记的社会组织' }), at('2026-01-10T02:00:00.000Z'))
        .then([{ type: 'ProjectPublishedForPurchase', data: { ...published.data, deadline: DEADLINE, eligibility: { description: '依法登记的社会组织', minimumGrade: 0 } } } as ProjectEvent]);
    });
    it('refuses to publish twice', () => {
      spec.given([designed(), published]).when(publish(), at(BIDDING_NOW)).thenThrows('PROJECT_ALREADY_PUBLISHED');
    });
    it('publishes again after a tender that closed without standing bids (流标)', () => {
      spec
        .given([designed(), published, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a'), biddingClosed([])])
        .when(publish('2026-04-01T09:00:00.000Z'))
        .then([{ type: 'ProjectPublishedForPurchase', data: { ...published.data, deadline: '2026-04-01T09:00:00.000Z', publishedAt: NOW } } as ProjectEvent]);
    });
    it('does not publish again while closed bids stand', () => {
      spec.given(untilBiddingClosed).when(publish('2026-04-01T09:00:00.000Z')).thenThrows('PROJECT_ALREADY_PUBLISHED');
    });
    it.each<[string, string, { description: string; minimumGrade?: number }, string]>([
      ['a deadline already past', '2026-01-01T00:00:00.000Z', { description: 'x' }, 'BIDDING_DEADLINE_INVALID'],
      ['a deadline without a time', '2026-02-10', { description: 'x' }, 'BIDDING_DEADLINE_INVALID'],
      ['no eligibility conditions', DEADLINE, { description: '  ' }, 'ELIGIBILITY_REQUIRED'],
      ['a grade above 5A', DEADLINE, { description: 'x', minimumGrade: 6 }, 'ELIGIBILITY_INVALID'],
    ])('rejects %s', (_label, deadline, eligibility, code) => {
      spec.given([designed()]).when(publish(deadline, eligibility), at('2026-01-10T02:00:00.000Z')).thenThrows(code);
    });
  });

  describe('SubmitBid', () => {
    const open = [designed(), published];

    it('records a bid from an eligible organisation within budget', () => {
      spec
        .given(open)
        .when(submitBid(), at('2026-01-18T02:00:00.000Z'))
        .then([bidSubmitted('bid-a', agency)]);
    });
    it('rule 7: a lawfully registered enterprise may bid', () => {
      const enterprise: OrganisationFacts = { ...agency, organisationId: 'org-e', kind: 'enterprise' };
      spec
        .given(open)
        .when(submitBid({ bidId: 'bid-e', bidder: enterprise }), at('2026-01-18T02:00:00.000Z'))
        .then([bidSubmitted('bid-e', enterprise)]);
    });
    it('rule 7: a budget-funded mass organisation may not bid', () => {
      const massOrganisation: OrganisationFacts = { ...agency, organisationId: 'org-m', kind: 'mass_organisation', budgetFunded: true };
      spec.given(open).when(submitBid({ bidder: massOrganisation }), at(BIDDING_NOW)).thenThrows('BIDDER_NOT_ELIGIBLE', { rule: 7 });
    });
    it('rule 11: an organisation that failed its annual inspection may not bid', () => {
      spec.given(open).when(submitBid({ bidder: { ...agency, latestInspection: 'failed' } }), at(BIDDING_NOW)).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    });
    it('rule 11: a deregistered organisation may not bid', () => {
      spec.given(open).when(submitBid({ bidder: { ...agency, status: 'deregistered' } }), at(BIDDING_NOW)).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    });
    it('holds bidders to the published minimum grade', () => {
      spec.given(open).when(submitBid({ bidder: { ...agency, grade: 2 } }), at(BIDDING_NOW)).thenThrows('BIDDER_GRADE_TOO_LOW', { minimumGrade: 3, grade: 2 });
    });
    it('refuses bids before publication', () => {
      spec.given([designed()]).when(submitBid(), at(BIDDING_NOW)).thenThrows('PROJECT_NOT_PUBLISHED');
    });
    it('refuses bids after the deadline, even before bidding is formally closed', () => {
      spec.given(open).when(submitBid(), at('2026-02-10T09:00:01.000Z')).thenThrows('BIDDING_CLOSED', { deadline: DEADLINE });
    });
    it('refuses bids once bidding is closed', () => {
      spec.given(untilBiddingClosed).when(submitBid({ bidId: 'bid-late' }), at(BIDDING_NOW)).thenThrows('BIDDING_CLOSED');
    });
    it('records nothing when the same bid is sent again', () => {
      spec.given([...open, bidSubmitted('bid-a', agency)]).when(submitBid(), at(BIDDING_NOW)).then([]);
    });
    it('refuses a bidId already used by another organisation', () => {
      spec.given([...open, bidSubmitted('bid-a', otherAgency)]).when(submitBid(), at(BIDDING_NOW)).thenThrows('BID_ID_REUSED');
    });
    it('refuses to revive a withdrawn bid under its old id', () => {
      spec.given([...open, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a')]).when(submitBid(), at(BIDDING_NOW)).thenThrows('BID_WITHDRAWN');
    });
    it('allows one standing bid per organisation', () => {
      spec.given([...open, bidSubmitted('bid-a', agency)]).when(submitBid({ bidId: 'bid-a2' }), at(BIDDING_NOW)).thenThrows('BID_ALREADY_SUBMITTED', { bidId: 'bid-a' });
    });
    it('accepts a new bid after the organisation withdrew its earlier one', () => {
      spec
        .given([...open, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a')])
        .when(submitBid({ bidId: 'bid-a2', priceFen: 120_000_000 }), at('2026-01-18T02:00:00.000Z'))
        .then([bidSubmitted('bid-a2', agency, 120_000_000)]);
    });
    it.each<[string, Partial<SubmitBidData>, string]>([
      ['a zero price', { priceFen: 0 }, 'BID_PRICE_INVALID'],
      ['a price above the budget', { priceFen: 150_000_001 }, 'BID_EXCEEDS_BUDGET'],
      ['no proposal', { proposal: ' ' }, 'BID_PROPOSAL_REQUIRED'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given(open).when(submitBid(overrides), at(BIDDING_NOW)).thenThrows(code);
    });
  });

  describe('WithdrawBid', () => {
    const withdraw = (bidId = 'bid-a'): ProjectCommand => ({ type: 'WithdrawBid', data: { bidId } });
    const withBid = [designed(), published, bidSubmitted('bid-a', agency)];

    it('withdraws a standing bid before the deadline', () => {
      spec.given(withBid).when(withdraw(), at('2026-01-19T02:00:00.000Z')).then([bidWithdrawn('bid-a', 'org-a')]);
    });
    it('records nothing for a bid already withdrawn', () => {
      spec.given([...withBid, bidWithdrawn('bid-a', 'org-a')]).when(withdraw(), at(BIDDING_NOW)).then([]);
    });
    it('answers BID_NOT_FOUND for an unknown bid', () => {
      spec.given(withBid).when(withdraw('bid-x'), at(BIDDING_NOW)).thenThrows('BID_NOT_FOUND');
    });
    it('refuses withdrawal after the deadline', () => {
      spec.given(withBid).when(withdraw(), at('2026-02-11T00:00:00.000Z')).thenThrows('BIDDING_CLOSED');
    });
  });

  describe('CloseBidding', () => {
    const close: ProjectCommand = { type: 'CloseBidding', data: {} };

    it('closes at the deadline and lists the standing bids in submission order', () => {
      spec
        .given([designed(), published, bidSubmitted('bid-a', agency), bidSubmitted('bid-c', { ...agency, organisationId: 'org-c' }), bidWithdrawn('bid-a', 'org-a'), bidSubmitted('bid-b', otherAgency)])
        .when(close, at('2026-02-11T02:00:00.000Z'))
        .then([biddingClosed(['bid-c', 'bid-b'])]);
    });
    it('keeps bidding open until the published deadline', () => {
      spec.given([designed(), published]).when(close, at('2026-02-10T08:59:59.000Z')).thenThrows('BIDDING_STILL_OPEN', { deadline: DEADLINE });
    });
    it('refuses to close bidding that never opened', () => {
      spec.given([designed()]).when(close).thenThrows('PROJECT_NOT_PUBLISHED');
    });
    it('records nothing when bidding is already closed', () => {
      spec.given(untilBiddingClosed).when(close).then([]);
    });
  });
});
