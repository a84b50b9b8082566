import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The kind "existence leaks": a non-owner could tell that a webhook subscription exists (404 when
 * reading it, 403 NOT_YOUR_RECORD when removing it), and so for volunteers, social workers, elders,
 * organisations, communities, donation trails and report comparisons (403 OUTSIDE_YOUR_AREA or
 * NOT_YOUR_RECORD on a real id, 404 on an unknown one). An id outside one's scope must answer exactly
 * as an unknown id — same status, code and message — for reads and for commands, and store nothing.
 */
describe('ids outside one\'s scope look like unknown ids (e2e)', () => {
  let app: TestApp;
  const district = { city: 'xiamen', district: 'scope-district' };
  const east = { ...district, street: 'scope-east', community: 'scope-east-1' };
  const west = { ...district, street: 'scope-west', community: 'scope-west-1' };
  const bureau = actor('civil_affairs_bureau', 'bureau-scope', district);
  const committeeEast = actor('community_committee', 'committee-east', east);
  const committeeWest = actor('community_committee', 'committee-west', west);
  const otherCityBureau = actor('civil_affairs_bureau', 'bureau-fuzhou', { city: 'fuzhou' });
  const otherCityDonor = actor('donor', 'donor-fuzhou', { city: 'fuzhou' });
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    const post = (path: string, body: object, who: Record<string, string>) => app.http().post(path).set(who).send(body).expect(201);
    for (const { community, ...above } of [east, west]) {
      await post('/communities', { communityId: community, name: community, area: above, kind: 'urban', residents: 5000, households: 1800 }, bureau);
    }
    ids.organisation = (await post('/organisations', {
      name: '东区社工', kind: 'social_work_agency', unifiedSocialCreditCode: '52350203MJ0000301X', budgetFunded: false, city: 'xiamen', district: district.district,
      serviceCategories: ['elderly_care'], capacity: 5,
    }, bureau)).body.id;
    ids.socialWorker = (await post('/social-workers', {
      person: { name: '王芳' }, base: { level: 'community', communityId: east.community }, hasSocialWorkDegree: true, employerOrganisationId: ids.organisation,
    }, bureau)).body.id;
    ids.volunteer = (await post('/volunteers', { person: { name: '李明' }, communityId: east.community }, actor('volunteer', 'volunteer-east'))).body.id;
    ids.elder = (await post('/elders', { communityId: east.community, circumstances: ['living_alone'] }, committeeEast)).body.id;
    ids.donation = (await post('/donations', { donor: { kind: 'enterprise', displayName: '某公司' }, resource: 'money', amountFen: 100_000, communityId: east.community }, actor('donor', 'donor-east'))).body.id;
    ids.needWest = (await post('/needs', {
      communityId: west.community, category: 'elderly_care', title: '西区助餐', description: '午餐', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: [], beneficiary: { name: '陈伯' },
    }, committeeWest)).body.id;
    ids.webhook = (await post('/webhooks', { url: 'http://127.0.0.1:9/east' }, committeeEast)).body.id;
    ids.project = (await post('/projects', {
      title: '东区助餐', area: { ...district, street: east.street }, kind: 'service_project', categories: ['elderly_care'], budgetFen: 1_000_000,
      period: { start: '2027-01-01' }, requirements: '每日助餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }, bureau)).body.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The answer with the asked id written as <id>, so that two ids' answers compare. */
  const shape = (response: Response, id: string) => ({
    status: response.status,
    code: response.body.code as string,
    message: String(response.body.message).replaceAll(id, '<id>'),
    details: JSON.parse(JSON.stringify(response.body.details ?? {}).replaceAll(id, '<id>')) as unknown,
  });
  /** The out-of-scope id and an unknown one answer the same 404, and nothing is stored. */
  const sameAsUnknown = async (send: (id: string) => Promise<Response>, realId: string) => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const real = shape(await send(realId), realId);
    const unknownId = `${realId.slice(0, 20)}-nope`;
    const unknown = shape(await send(unknownId), unknownId);
    expect(real).toEqual(unknown);
    if (real.status !== 404) throw new Error(`expected 404 as for an unknown id, got ${JSON.stringify(real)}`);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  };
  const post = (path: string, body: object, who: Record<string, string>) => app.http().post(path).set(who).send(body);

  it('another community\'s webhook subscription: read, deliveries, rotate and remove', async () => {
    await sameAsUnknown((id) => app.http().get(`/webhooks/${id}`).set(committeeWest), ids.webhook!);
    await sameAsUnknown((id) => app.http().get(`/webhooks/${id}/deliveries`).set(committeeWest), ids.webhook!);
    await sameAsUnknown((id) => post(`/webhooks/${id}/rotate-secret`, {}, committeeWest), ids.webhook!);
    await sameAsUnknown((id) => app.http().delete(`/webhooks/${id}`).set(committeeWest), ids.webhook!);
    await app.http().get(`/webhooks/${ids.webhook!}`).set(committeeEast).expect(200);
  });

  it('another volunteer\'s record, for a volunteer and for another community\'s committee', async () => {
    const stranger = actor('volunteer', 'volunteer-stranger', east);
    await sameAsUnknown((id) => app.http().get(`/volunteers/${id}`).set(stranger), ids.volunteer!);
    await sameAsUnknown((id) => post(`/volunteers/${id}/skills`, { skills: ['烹饪'], categories: ['elderly_care'] }, stranger), ids.volunteer!);
    await sameAsUnknown((id) => post(`/volunteers/${id}/hours`, { assignmentId: 'a-1', hours: 2, servedOn: '2026-11-20' }, stranger), ids.volunteer!);
    await sameAsUnknown((id) => post(`/volunteers/${id}/deregister`, {}, committeeWest), ids.volunteer!);
    await sameAsUnknown((id) => app.http().get(`/volunteers/${id}/hours`).set(committeeWest), ids.volunteer!);
  });

  it('another organisation\'s social worker, and an organisation of another city', async () => {
    await sameAsUnknown((id) => post(`/social-workers/${id}/deregister`, { reason: '离职' }, staffOf('scope-rival')), ids.socialWorker!);
    await sameAsUnknown((id) => app.http().get(`/social-workers/${id}`).set(staffOf('scope-rival')), ids.socialWorker!);
    await sameAsUnknown((id) => post(`/organisations/${id}/suspend`, { reason: '越权' }, otherCityBureau), ids.organisation!);
    await sameAsUnknown((id) => app.http().get(`/organisations/${id}`).set(otherCityBureau), ids.organisation!);
  });

  it('an elder and a community of another area', async () => {
    await sameAsUnknown((id) => post(`/elders/${id}/visits`, { visitedOn: '2026-11-20', visitor: { kind: 'volunteer', ref: 'v-1' }, outcome: 'well' }, committeeWest), ids.elder!);
    await sameAsUnknown((id) => post(`/elders/${id}/remove`, { reason: 'moved_away' }, committeeWest), ids.elder!);
    await sameAsUnknown((id) => post(`/communities/${id}/population`, { residents: 1, households: 1 }, actor('civil_affairs_bureau', 'office-fuzhou', { city: 'fuzhou' })), east.community);
  });

  it('a donation trail and a report comparison outside the asker\'s area', async () => {
    await sameAsUnknown((id) => app.http().get(`/donations/${id}/trail`).set(otherCityDonor), ids.donation!);
    await sameAsUnknown((id) => app.http().get(`/donations/${id}/trail`).set(actor('auditor', 'auditor-fuzhou', { city: 'fuzhou' })), ids.donation!);
    await sameAsUnknown((id) => app.http().get(`/projects/${id}/reports/r-1/comparison`).set(otherCityBureau), ids.project!);
  });

  it('a record named in the body outside the actor\'s area: the community of a need or an elder, the need a gift is matched to', async () => {
    const needBody = { category: 'elderly_care', title: '助餐', description: '午餐', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: [], beneficiary: { name: '陈伯' } };
    await sameAsUnknown((id) => post('/needs', { ...needBody, communityId: id }, committeeWest), east.community);
    await sameAsUnknown((id) => post('/elders', { communityId: id, circumstances: ['living_alone'] }, committeeWest), east.community);
    await sameAsUnknown((id) => post('/donations', { donor: { kind: 'enterprise', displayName: '某公司' }, resource: 'money', amountFen: 100, communityId: id }, otherCityDonor), east.community);
    const westBase = actor('charity_base', 'charity-west', { ...district, street: west.street });
    await sameAsUnknown((id) => post(`/donations/${ids.donation!}/match`, { target: { kind: 'need', id }, amountFen: 100 }, actor('charity_base', 'charity-east', { ...district, street: east.street })), ids.needWest!);
    await sameAsUnknown((id) => post(`/donations/${ids.donation!}/match`, { target: { kind: 'project', id }, amountFen: 100 }, westBase), ids.project!);
    // The gift itself lies outside the charity base's area (its target, a need of its own, does not).
    await sameAsUnknown((id) => post(`/donations/${id}/match`, { target: { kind: 'need', id: ids.needWest! }, amountFen: 100 }, westBase), ids.donation!);
  });

  it('a need named in a project\'s design that the committee may not read: not 422 NEED_OUTSIDE_PROJECT_AREA with its area', async () => {
    const design = (needId: string) => ({
      title: '东区助餐', area: east, kind: 'service_project', categories: ['elderly_care'], needIds: [needId], budgetFen: 100_000,
      period: { start: '2027-01-01' }, requirements: '每日助餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    });
    await sameAsUnknown((id) => post('/projects', design(id), committeeEast), ids.needWest!);
    // Nor 409 NEED_WITHDRAWN for one withdrawn: its status is not the committee's to learn either.
    const withdrawn = (await post('/needs', {
      communityId: west.community, category: 'elderly_care', title: '西区陪诊', description: '陪诊', urgency: 'low', source: 'visit', beneficiaries: 1, requiredSkills: [],
      beneficiary: { name: '林婆' },
    }, committeeWest).expect(201)).body.id as string;
    await post(`/needs/${withdrawn}/withdraw`, { reason: '已由家属解决' }, committeeWest).expect(200);
    await sameAsUnknown((id) => post('/projects', design(id), committeeEast), withdrawn);
    // The committee that may read the need still learns why its project cannot answer it.
    const readable = await post('/projects', design(ids.needWest!), bureau);
    expect({ status: readable.status, code: readable.body.code }).toEqual({ status: 422, code: 'NEED_OUTSIDE_PROJECT_AREA' });
  });

  it('a person whose every record lies outside the office\'s area is erased as an unknown person', async () => {
    const [registered] = await app.service.infrastructure.eventStore.readStream(`volunteer-${ids.volunteer!}`);
    const personRef = (registered!.data as { personRef: string }).personRef;
    await sameAsUnknown((ref) => app.http().delete(`/persons/${ref}`).set(otherCityBureau), personRef);
    await sameAsUnknown((ref) => app.http().delete(`/persons/${ref}`).set(actor('civil_affairs_bureau', 'bureau-west', { ...district, street: west.street })), personRef);
  });

  it('indicators of an area outside the reader\'s: as for an area where nothing is registered', async () => {
    await sameAsUnknown((code) => app.http().get(`/indicators?level=community&code=${code}`).set(committeeWest), east.community);
    await sameAsUnknown((code) => app.http().get(`/indicators?level=street&code=${code}`).set(committeeWest), east.street);
    await sameAsUnknown((code) => app.http().get(`/indicators?level=city&code=${code}`).set(actor('auditor', 'auditor-fuzhou', { city: 'fuzhou' })), 'xiamen');
    await app.http().get(`/indicators?level=community&code=${west.community}`).set(committeeWest).expect(200);
  });

  it('still says 403 where the record is one the actor may read: a donor refunding a gift of its area it did not give', async () => {
    const refund = await post(`/donations/${ids.donation!}/refund`, { reason: '不是我的' }, actor('donor', 'donor-west', west));
    expect({ status: refund.status, code: refund.body.code }).toEqual({ status: 403, code: 'NOT_YOUR_RECORD' });
  });
});
