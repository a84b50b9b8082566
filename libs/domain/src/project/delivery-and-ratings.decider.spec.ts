/**
 * Services delivered under a contract in force (delivery-and-evaluation.decider.ts): hours per person and
 * week (rule 2), no subcontracting (rule 6), no government matters in a station (rule 8), the place a delivery
 * happened; the weekly-hours shortfall a station's staff are checked by; residents' ratings (好差评).
 */
import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import type { DeliverServiceData, ProjectCommand } from './project.commands.js';
import { projectDecider } from './project.decider.js';
import type { ProjectEvent } from './project.events.js';
import { weeklyHoursShortfalls } from './project.rules.js';
import {
  spec, at, NOW, streetArea, communityFacts, stationStaffed, stationOnPost, serviceProjectContracted, DELIVERY_NOW,
  deliverService, delivered, contractTerminated,
} from './testing/project.fixtures.js';

describe('project decider', () => {
  describe('DeliverService', () => {
    it('rule 2: a delivery records each social worker’s hours and its week, so weekly service time is checkable', () => {
      spec.given(stationOnPost).when(deliverService(), at(DELIVERY_NOW)).then([delivered()]);
    });
    it('rule 2: records the hours each person actually served when they differ', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ hoursBySocialWorker: { 'sw-1': 3, 'sw-2': 1.5 }, hoursByVolunteer: { 'volunteer-7': 2 } }), at(DELIVERY_NOW))
        .then([delivered({ hoursBySocialWorker: { 'sw-1': 3, 'sw-2': 1.5 }, hoursByVolunteer: { 'volunteer-7': 2 } })]);
    });
    it('rule 2: a weekly log of 26 hours for one social worker is accepted', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-3'], volunteerIds: [] }, hours: 26, weekOf: '2026-03-16' }), at(DELIVERY_NOW))
        .then([delivered({ socialWorkerIds: ['sw-3'], volunteerIds: [], hoursBySocialWorker: { 'sw-3': 26 }, hoursByVolunteer: {}, hours: 26 })]);
    });
    it('rule 2: hours credited to someone not named, or beyond the service length, are refused', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ hoursBySocialWorker: { 'sw-1': 3, 'sw-3': 3 } }), at(DELIVERY_NOW))
        .thenThrows('DELIVERY_HOURS_INCONSISTENT', { rule: 2 });
      spec
        .given(stationOnPost)
        .when(deliverService({ hoursBySocialWorker: { 'sw-1': 4, 'sw-2': 3 } }), at(DELIVERY_NOW))
        .thenThrows('DELIVERY_HOURS_INCONSISTENT', { rule: 2 });
    });
    it('rule 2: a social worker cannot log more hours in a week than the week has', () => {
      const weekly = (deliveryId: string) =>
        delivered({ deliveryId, socialWorkerIds: ['sw-1'], volunteerIds: [], hoursBySocialWorker: { 'sw-1': 80 }, hoursByVolunteer: {}, hours: 80 });
      spec
        .given([...stationOnPost, weekly('delivery-w1'), weekly('delivery-w2')])
        .when(deliverService({ deliveredOn: '2026-03-19', hours: 9 }), at(DELIVERY_NOW))
        .thenThrows('WEEKLY_HOURS_EXCEEDED', { rule: 2, socialWorkerId: 'sw-1', weekOf: '2026-03-16', alreadyLogged: 160 });
      // Exactly 168 hours is still a (very long) week.
      spec
        .given([...stationOnPost, weekly('delivery-w1'), weekly('delivery-w2')])
        .when(deliverService({ deliveredOn: '2026-03-19', hours: 8 }), at(DELIVERY_NOW))
        .then([delivered({ deliveredOn: '2026-03-19', hours: 8, hoursBySocialWorker: { 'sw-1': 8, 'sw-2': 8 }, hoursByVolunteer: { 'volunteer-7': 8 } })]);
    });
    it('counts the China-local date: 01:00 in Beijing on 2 March is already 2 March', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredOn: '2026-03-02' }), at('2026-03-01T17:00:00.000Z'))
        .then([delivered({ deliveredOn: '2026-03-02', weekOf: '2026-03-02' })]);
    });
    it('records nothing when the same delivery is logged again', () => {
      spec.given([...stationOnPost, delivered()]).when(deliverService(), at(DELIVERY_NOW)).then([]);
    });
    it('a station delivers nothing before its staff are confirmed on post', () => {
      spec.given(stationStaffed).when(deliverService(), at(DELIVERY_NOW)).thenThrows('STAFF_NOT_ON_POST');
    });
    it('a service project may deliver without the station on-post step', () => {
      spec
        .given(serviceProjectContracted)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: [] } }), at(DELIVERY_NOW))
        .then([delivered({ projectKind: 'service_project', socialWorkerIds: ['sw-1'], volunteerIds: [], hoursBySocialWorker: { 'sw-1': 3 }, hoursByVolunteer: {} })]);
    });
    it('rule 6: a service delivered by another organisation is subcontracting', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-b', socialWorkerIds: ['sw-1'], volunteerIds: [] } }), at(DELIVERY_NOW))
        .thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6, contractorOrganisationId: 'org-a', organisationId: 'org-b' });
    });
    it('rule 8: a station cannot log an administrative act of the street government as its service', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ category: 'social_assistance', serviceItem: { name: '代办低保审批', administrativeAct: true } }), at(DELIVERY_NOW))
        .thenThrows('NOT_A_STATION_SERVICE', { rule: 8, items: ['代办低保审批'] });
    });
    it('rule 8: nor a confidential matter', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ serviceItem: { name: '涉密档案整理', confidential: true } }), at(DELIVERY_NOW))
        .thenThrows('NOT_A_STATION_SERVICE', { rule: 8 });
    });
    it('refuses a service of a category the project was not bought for', () => {
      spec.given(stationOnPost).when(deliverService({ category: 'employment' }), at(DELIVERY_NOW)).thenThrows('SERVICE_CATEGORY_NOT_CONTRACTED');
    });
    it("refuses a community outside a community project's area", () => {
      spec
        .given(serviceProjectContracted)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: [] }, community: communityFacts('community-other') }), at(DELIVERY_NOW))
        .thenThrows('COMMUNITY_OUTSIDE_PROJECT_AREA');
    });
    it("refuses a community outside a street station's street or district", () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ community: communityFacts('community-far', { street: '370102999' }) }), at(DELIVERY_NOW))
        .thenThrows('COMMUNITY_OUTSIDE_PROJECT_AREA');
      spec
        .given(stationOnPost)
        .when(deliverService({ community: communityFacts('community-far', { district: '370103' }) }), at(DELIVERY_NOW))
        .thenThrows('COMMUNITY_OUTSIDE_PROJECT_AREA');
    });
    // Street totals must add up to the district: a district-wide project's delivery is filed where it happened.
    it("files a district-wide project's delivery under the street and community where it happened", () => {
      const districtArea = { ...streetArea, street: '' };
      const districtProject = serviceProjectContracted.map((event) =>
        event.type === 'ProjectDesigned' || event.type === 'OrganisationContracted' ? { ...event, data: { ...event.data, area: districtArea } } : event,
      ) as ProjectEvent[];
      const elsewhere = communityFacts('community-quancheng', { street: '370102002' });
      spec
        .given(districtProject)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: [] }, community: elsewhere }), at(DELIVERY_NOW))
        .then([
          delivered({
            projectKind: 'service_project',
            socialWorkerIds: ['sw-1'],
            volunteerIds: [],
            hoursBySocialWorker: { 'sw-1': 3 },
            hoursByVolunteer: {},
            communityId: 'community-quancheng',
            area: { ...streetArea, street: '370102002', community: 'community-quancheng' },
          }),
        ]);
    });
    it('refuses hours logged by a social worker not assigned to the project', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1', 'sw-9'], volunteerIds: [] } }), at(DELIVERY_NOW))
        .thenThrows('STAFF_NOT_ASSIGNED', { socialWorkerIds: ['sw-9'] });
    });
    it('refuses a delivery dated before the contract was signed', () => {
      spec.given(stationOnPost).when(deliverService({ deliveredOn: '2026-02-14' }), at(DELIVERY_NOW)).thenThrows('DELIVERY_OUTSIDE_CONTRACT_TERM');
    });
    it.each<[string, Partial<DeliverServiceData>, string]>([
      ['a blank delivery id', { deliveryId: ' ' }, 'DELIVERY_ID_REQUIRED'],
      ['a future date', { deliveredOn: '2026-03-21' }, 'DELIVERY_DATE_INVALID'],
      ['an impossible date', { deliveredOn: '2026-02-31' }, 'DELIVERY_DATE_INVALID'],
      ['a weekOf that is not the Monday of that week', { weekOf: '2026-03-17' }, 'WEEK_OF_INVALID'],
      ['more than 24 hours in a day', { hours: 25 }, 'DELIVERY_HOURS_INVALID'],
      ['more than 168 hours in a weekly log', { hours: 169, weekOf: '2026-03-16' }, 'DELIVERY_HOURS_INVALID'],
      ['zero hours', { hours: 0 }, 'DELIVERY_HOURS_INVALID'],
      ['a negative count of beneficiaries', { beneficiaries: -1 }, 'DELIVERY_BENEFICIARIES_INVALID'],
      ['nobody delivering', { deliveredBy: { organisationId: 'org-a', socialWorkerIds: [], volunteerIds: [] } }, 'DELIVERED_BY_NOBODY'],
      ['no service item', { serviceItem: { name: '' } }, 'SERVICE_ITEM_REQUIRED'],
      ['no community', { community: undefined as never }, 'COMMUNITY_REQUIRED'],
      ['a community placed in an incomplete area', { community: communityFacts('community-lianhua', { street: '' }) }, 'AREA_INVALID'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given(stationOnPost).when(deliverService(overrides), at(DELIVERY_NOW)).thenThrows(code);
    });
    it('needs a contract in force', () => {
      spec.given([...stationOnPost, contractTerminated('x')]).when(deliverService(), at(DELIVERY_NOW)).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'terminated' });
    });
  });

  describe('weeklyHoursShortfalls (rule 2)', () => {
    const weekOf = '2026-03-16';
    const log = (deliveryId: string, socialWorkerId: string, hours: number) =>
      delivered({ deliveryId, socialWorkerIds: [socialWorkerId], volunteerIds: [], hoursBySocialWorker: { [socialWorkerId]: hours }, hoursByVolunteer: {}, hours });

    it('rule 2: staff who served 24 hours or more in the week are not short', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, log('d1', 'sw-1', 20), log('d2', 'sw-1', 4), log('d3', 'sw-2', 30), log('d4', 'sw-3', 24)]);
      expect(weeklyHoursShortfalls(state, weekOf)).toEqual([]);
    });
    it('rule 2: staff who served under 24 hours in the week are listed with their hours', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, log('d1', 'sw-1', 20), log('d2', 'sw-2', 30)]);
      expect(weeklyHoursShortfalls(state, weekOf)).toEqual([
        { socialWorkerId: 'sw-1', hours: 20, requiredHours: 24 },
        { socialWorkerId: 'sw-3', hours: 0, requiredHours: 24 },
      ]);
      // Another week's hours do not count.
      expect(weeklyHoursShortfalls(state, '2026-03-23').map((entry) => entry.hours)).toEqual([0, 0, 0]);
    });
    it('does not apply to service projects', () => {
      const state = foldEvents(projectDecider, serviceProjectContracted);
      expect(weeklyHoursShortfalls(state, weekOf)).toEqual([]);
    });
  });

  describe('RateService', () => {
    const rate = (overrides: Partial<Extract<ProjectCommand, { type: 'RateService' }>['data']> = {}): ProjectCommand => ({
      type: 'RateService',
      data: { ratingId: 'rating-1', deliveryId: 'delivery-1', rating: 'good', score: 5, comment: ' 社工很耐心 ', ...overrides },
    });
    const withDelivery = [...stationOnPost, delivered()];

    it('records a resident’s 好差评 with its score', () => {
      spec
        .given(withDelivery)
        .when(rate())
        .then([
          {
            type: 'ServiceRated',
            data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: 'delivery-1', organisationId: 'org-a', rating: 'good', score: 5, comment: '社工很耐心', area: streetArea, ratedAt: NOW, residentRater: null },
          },
        ]);
    });
    it('records a rating of the project as a whole, without comment, even after the contract ended', () => {
      spec
        .given([...withDelivery, contractTerminated('x')])
        .when(rate({ deliveryId: undefined, rating: 'bad', score: 2, comment: undefined }))
        .then([
          {
            type: 'ServiceRated',
            data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: null, organisationId: 'org-a', rating: 'bad', score: 2, comment: null, area: streetArea, ratedAt: NOW, residentRater: null },
          },
        ]);
    });
    it('records nothing when the same rating is sent again', () => {
      spec.given([...withDelivery, { type: 'ServiceRated', data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: null, organisationId: 'org-a', rating: 'good', score: 5, comment: null, area: streetArea, ratedAt: NOW, residentRater: null } }]).when(rate()).then([]);
    });
    it('lets one resident rate a delivery once (409 SERVICE_ALREADY_RATED), another resident or another delivery still', () => {
      const resident = { actor: { id: 'resident-1', role: 'resident', issuer: 'urn:wushe:embedded' } };
      const rated = { type: 'ServiceRated', data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: 'delivery-1', organisationId: 'org-a', rating: 'good', score: 5, comment: null, area: streetArea, ratedAt: NOW, residentRater: 'urn:wushe:embedded#resident-1' } } as const;
      spec.given(withDelivery).when(rate(), resident).then([{ ...rated, data: { ...rated.data, comment: '社工很耐心' } }]);
      spec.given([...withDelivery, rated]).when(rate({ ratingId: 'rating-2', rating: 'bad', score: 1 }), resident).thenThrows('SERVICE_ALREADY_RATED');
      // The same ratingId again is a retry: nothing new, no error.
      spec.given([...withDelivery, rated]).when(rate(), resident).then([]);
      // The same subject from another issuer is another person.
      spec.given([...withDelivery, rated]).when(rate({ ratingId: 'rating-3' }), { actor: { id: 'resident-1', role: 'resident', issuer: 'https://sso.example' } }).then([
        { ...rated, data: { ...rated.data, ratingId: 'rating-3', comment: '社工很耐心', residentRater: 'https://sso.example#resident-1' } },
      ]);
      // A committee records the ratings it collected, any number.
      spec.given([...withDelivery, rated]).when(rate({ ratingId: 'rating-4' }), { actor: { id: 'committee', role: 'community_committee' } }).then([
        { ...rated, data: { ...rated.data, ratingId: 'rating-4', comment: '社工很耐心', residentRater: null } },
      ]);
    });
    it('refuses ratings before any service was delivered', () => {
      spec.given(stationOnPost).when(rate()).thenThrows('NO_SERVICE_DELIVERED');
    });
    it('answers DELIVERY_NOT_FOUND for an unknown delivery', () => {
      spec.given(withDelivery).when(rate({ deliveryId: 'delivery-x' })).thenThrows('DELIVERY_NOT_FOUND');
    });
    it.each<[string, Parameters<typeof rate>[0], string]>([
      ['a rating that is neither good nor bad', { rating: 'meh' as never }, 'RATING_INVALID'],
      ['a score of 0', { score: 0 }, 'RATING_SCORE_INVALID'],
      ['a score of 6', { score: 6 }, 'RATING_SCORE_INVALID'],
      ['a fractional score', { score: 4.5 }, 'RATING_SCORE_INVALID'],
      ['an overlong comment', { comment: '好'.repeat(501) }, 'RATING_COMMENT_TOO_LONG'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given(withDelivery).when(rate(overrides)).thenThrows(code);
    });
  });
});
