import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 10's first paragraph, each line a case: what anyone could do with a header is now refused
 * with 403 and a code (who may do what: libs/application/src/authority), and stores nothing. The
 * full matrix (every command x role x area) is libs/application/src/authority/authority-matrix.spec.ts.
 */
describe('who may do what (e2e)', () => {
  let app: TestApp;
  const district = { city: 'xiamen', district: 'siming' };
  const bureau = actor('civil_affairs_bureau', 'bureau-siming', district);
  const committeeA = actor('community_committee', 'committee-a', { ...district, street: 'zhonghua', community: 'authz-a' });
  const volunteerRole = actor('volunteer', 'volunteer-one', { city: 'xiamen' });
  const ids = { organisation: '', rival: '', project: '', donation: '', volunteer: '' };

  const post = (path: string, body: object | undefined, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  /** The request must be refused with 403 and `code`, and the event store must not move. */
  const forbidden = async (send: () => Promise<Response>, code: string) => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const response = await send();
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 403, code });
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  };
  /**
   * A record the actor may not read is refused as an unknown id would be (404, the kind's code): a 403
   * would tell that the id exists (README "Who may see what").
   */
  const unknown = async (send: () => Promise<Response>, code: string) => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const response = await send();
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 404, code });
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  };
  const community = (communityId: string, street: string) => ({ communityId, name: communityId, area: { ...district, street }, kind: 'urban', residents: 5000, households: 2000 });
  const organisation = (name: string, code: string) => ({
    name, kind: 'social_work_agency', unifiedSocialCreditCode: code, budgetFunded: false, city: 'xiamen', district: 'siming', serviceCategories: ['elderly_care'], capacity: 5,
  });

  beforeAll(async () => {
    app = await startTestApp();
    await post('/communities', community('authz-a', 'zhonghua'), bureau).expect(201);
    await post('/communities', community('authz-b', 'xiagang'), bureau).expect(201);
    ids.organisation = (await post('/organisations', organisation('阳光社工', '52350203MJ0000201X'), bureau).expect(201)).body.id;
    ids.rival = (await post('/organisations', organisation('同心社工', '52350203MJ0000202X'), bureau).expect(201)).body.id;
    ids.donation = (await post('/donations', { donor: { kind: 'enterprise', displayName: '某公司' }, resource: 'money', amountFen: 100_000, communityId: 'authz-a' }, actor('donor', 'donor-one')).expect(201)).body.id;
    ids.volunteer = (await post('/volunteers', { person: { name: '李明' }, communityId: 'authz-a' }, volunteerRole).expect(201)).body.id;
    ids.project = (await post('/projects', {
      title: '中华助餐', area: { ...district, street: 'zhonghua' }, kind: 'service_project', categories: ['elderly_care'], budgetFen: 1_000_000,
      period: { start: '2027-01-01' }, requirements: '每日助餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }, bureau).expect(201)).body.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a volunteer cannot register communities, grade or suspend organisations, or design a project', async () => {
    await forbidden(() => post('/communities', community('authz-c', 'zhonghua'), volunteerRole), 'ROLE_NOT_PERMITTED');
    await forbidden(() => post(`/organisations/${ids.organisation}/grade`, { grade: 5, year: 2025 }, volunteerRole), 'ROLE_NOT_PERMITTED');
    await forbidden(() => post(`/organisations/${ids.organisation}/suspend`, { reason: '随便' }, volunteerRole), 'ROLE_NOT_PERMITTED');
    await forbidden(() => post('/projects', { title: 'x', area: district, kind: 'service_project', categories: ['elderly_care'], budgetFen: 1, period: { start: '2027-01-01' }, requirements: 'x', serviceItems: [{ name: 'x', category: 'elderly_care' }] }, volunteerRole), 'ROLE_NOT_PERMITTED');
  });

  it('an organisation bids only in its own name, and never evaluates a contract', async () => {
    await post(`/projects/${ids.project}/publish`, { deadline: '2099-01-01T00:00:00+08:00', eligibility: { description: '依法登记' } }, bureau).expect(200);
    await forbidden(() => post(`/projects/${ids.project}/bids`, { organisationId: ids.rival, priceFen: 900_000, proposal: '方案' }, staffOf(ids.organisation)), 'NOT_YOUR_RECORD');
    await post(`/projects/${ids.project}/bids`, { organisationId: ids.organisation, priceFen: 900_000, proposal: '方案' }, staffOf(ids.organisation)).expect(200);
    await forbidden(() => post(`/projects/${ids.project}/evaluations`, { year: 2027, grade: 'unqualified', score: 10 }, staffOf(ids.organisation)), 'ROLE_NOT_PERMITTED');
  });

  it('a committee lists needs in its own community only', async () => {
    const need = { category: 'elderly_care', title: '助餐', description: '', urgency: 'high', source: 'visit', beneficiaries: 1 };
    await post('/needs', { ...need, communityId: 'authz-a' }, committeeA).expect(201);
    // Another community is unknown to a committee: 404 as for a community never registered (hostile-scope).
    await unknown(() => post('/needs', { ...need, communityId: 'authz-b' }, committeeA), 'COMMUNITY_NOT_FOUND');
  });

  it('a donor matches and refunds only its own donations', async () => {
    await forbidden(() => post(`/donations/${ids.donation}/refund`, { reason: '不是我的' }, actor('donor', 'donor-two')), 'NOT_YOUR_RECORD');
    await forbidden(() => post(`/donations/${ids.donation}/match`, { target: { kind: 'project', id: ids.project }, amountFen: 1_000 }, actor('donor', 'donor-two')), 'NOT_YOUR_RECORD');
  });

  it('hours are logged by the volunteer herself or her community, never by a stranger', async () => {
    const hours = { assignmentId: 'a-1', hours: 24, servedOn: '2026-11-20' };
    await unknown(() => post(`/volunteers/${ids.volunteer}/hours`, hours, actor('volunteer', 'someone-else')), 'VOLUNTEER_NOT_FOUND');
    await unknown(() => post(`/volunteers/${ids.volunteer}/hours`, hours, actor('community_committee', 'committee-b', { ...district, street: 'xiagang', community: 'authz-b' })), 'VOLUNTEER_NOT_FOUND');
  });

  it('shows the person behind a volunteer only to the offices and committees of its area; others outside it get 404', async () => {
    const detailAs = async (headers: Record<string, string>) => await app.http().get(`/volunteers/${ids.volunteer}`).set(headers);
    expect((await detailAs(committeeA)).body).toMatchObject({ name: '李明', personalDataHidden: false });
    // An analytics reader of the district sees the record, never the person.
    expect((await detailAs(actor('analytics_reader', 'analyst', district))).body).toMatchObject({ name: null, personalDataHidden: true });
    for (const outsider of [actor('community_committee', 'committee-b', { ...district, street: 'xiagang', community: 'authz-b' }), actor('donor', 'donor-one')]) {
      const response = await detailAs(outsider);
      expect({ status: response.status, code: response.body.code, name: response.body.name }).toEqual({ status: 404, code: 'VOLUNTEER_NOT_FOUND', name: undefined });
    }
  });

  it('an organisation cannot take another organisation\'s social worker', async () => {
    const worker = (await post('/social-workers', { person: { name: '陈芳' }, base: { level: 'community', communityId: 'authz-a' }, hasSocialWorkDegree: true, employerOrganisationId: ids.organisation }, staffOf(ids.organisation)).expect(201)).body.id;
    await unknown(() => post(`/social-workers/${worker}/employ`, { employerOrganisationId: ids.rival }, staffOf(ids.rival)), 'SOCIAL_WORKER_NOT_FOUND');
  });

  it('a charity base spends only the donations of its own area', async () => {
    const cityBureau = actor('civil_affairs_bureau', 'bureau-xiamen', { city: 'xiamen' });
    await post('/communities', { ...community('authz-h', 'jiangtou'), area: { city: 'xiamen', district: 'huli', street: 'jiangtou' } }, cityBureau).expect(201);
    const huliCommittee = actor('community_committee', 'committee-h', { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'authz-h' });
    const need = (await post('/needs', { communityId: 'authz-h', category: 'elderly_care', title: '助餐', description: '', urgency: 'high', source: 'visit', beneficiaries: 1 }, huliCommittee).expect(201)).body.id;
    const huliCharity = actor('charity_base', 'charity-huli', { city: 'xiamen', district: 'huli' });
    // A gift of another area is one the charity base cannot read: 404 as for an unknown donation.
    await unknown(() => post(`/donations/${ids.donation}/match`, { target: { kind: 'need', id: need }, amountFen: 1_000 }, huliCharity), 'DONATION_NOT_FOUND');
  });

  describe("issue 10's first paragraph, each line: what a header once allowed is refused and stores nothing", () => {
    it('a volunteer publishes, bids in an organisation\'s name, contracts and evaluates nothing', async () => {
      await forbidden(() => post(`/projects/${ids.project}/publish`, { deadline: '2099-01-01T00:00:00+08:00', eligibility: { description: '依法登记' } }, volunteerRole), 'ROLE_NOT_PERMITTED');
      await forbidden(() => post(`/projects/${ids.project}/bids`, { organisationId: ids.organisation, priceFen: 900_000, proposal: '方案' }, volunteerRole), 'ROLE_NOT_PERMITTED');
      await forbidden(() => post(`/projects/${ids.project}/contract`, { bidId: 'any-bid', contract: {} }, volunteerRole), 'ROLE_NOT_PERMITTED');
      await forbidden(() => post(`/projects/${ids.project}/evaluations`, { year: 2027, grade: 'unqualified', score: 10 }, volunteerRole), 'ROLE_NOT_PERMITTED');
      await forbidden(() => post(`/projects/${ids.project}/terminate`, { reason: '不合格' }, volunteerRole), 'ROLE_NOT_PERMITTED');
    });

    it('erasure is the civil-affairs office\'s of the person\'s area: a volunteer, another district\'s bureau are refused, the vault keeps the data', async () => {
      const { personRef } = (await app.http().get(`/volunteers/${ids.volunteer}`).set(committeeA).expect(200)).body as { personRef: string };
      const erase = (headers: Record<string, string>, ref = personRef) => app.http().delete(`/persons/${ref}`).set(headers);
      await forbidden(() => erase(volunteerRole), 'ROLE_NOT_PERMITTED');
      // An office that may read none of the person's records is answered as for a reference nothing names.
      await unknown(() => erase(actor('civil_affairs_bureau', 'bureau-huli', { city: 'xiamen', district: 'huli' })), 'PERSON_NOT_FOUND');
      await unknown(() => erase(actor('civil_affairs_bureau', 'office-xiagang', { ...district, street: 'xiagang' })), 'PERSON_NOT_FOUND');
      expect(await app.service.infrastructure.vault.get(personRef)).toMatchObject({ name: '李明' });
      await unknown(() => erase(bureau, 'person-00000000-0000-4000-8000-000000000000'), 'PERSON_NOT_FOUND');
    });

    it('a stranger logs no hours on someone else\'s volunteer: 96 hours in 4 days, every day refused', async () => {
      const stranger = actor('volunteer', 'stranger');
      for (const servedOn of ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']) {
        await unknown(() => post(`/volunteers/${ids.volunteer}/hours`, { assignmentId: 'a-1', hours: 24, servedOn }, stranger), 'VOLUNTEER_NOT_FOUND');
      }
    });

    it('no client is the service\'s own policies: a token with subject policy:auto-match is still only its role', async () => {
      const posing = actor('volunteer', 'policy:auto-match');
      await forbidden(() => post('/communities', community('authz-p', 'zhonghua'), posing), 'ROLE_NOT_PERMITTED');
      await forbidden(() => post(`/donations/${ids.donation}/match`, { target: { kind: 'project', id: ids.project }, amountFen: 1_000 }, posing), 'ROLE_NOT_PERMITTED');
    });

    it('the actor cannot be chosen in the body either (audit): an actor or metadata field is refused, nothing stored', async () => {
      for (const extra of [{ actor: { id: 'policy:auto-match', role: 'system' } }, { metadata: { actor: { id: 'x', role: 'system' } } }]) {
        const before = await app.service.infrastructure.eventStore.headPosition();
        const response = await post('/communities', { ...community('authz-q', 'zhonghua'), ...extra }, bureau);
        expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
        expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
      }
      // What is recorded is the token's subject, role and area, on every event of the command.
      const accepted = await post('/communities', community('authz-r', 'zhonghua'), bureau);
      expect(accepted.status).toBe(201);
      const events = await app.service.infrastructure.eventStore.readStream(accepted.body.streamId);
      for (const event of events) expect(event.metadata.actor).toMatchObject({ id: 'bureau-siming', role: 'civil_affairs_bureau', area: district });
    });
  });

  it('a volunteer registered by its committee acts for itself through the token\'s person claim, and for no other volunteer', async () => {
    const registered = (await post('/volunteers', { person: { name: '周敏' }, communityId: 'authz-a' }, committeeA).expect(201)).body.id as string;
    const skills = { skills: ['cooking'], categories: ['elderly_care'] };
    // Without the link, the account that did not register it is a stranger to it.
    await unknown(() => post(`/volunteers/${registered}/skills`, skills, actor('volunteer', 'zhou-min')), 'VOLUNTEER_NOT_FOUND');
    await post(`/volunteers/${registered}/skills`, skills, actor('volunteer', 'zhou-min', { city: 'xiamen' }, undefined, registered)).expect(200);
    // Linked to another record, it may not act on this one.
    await unknown(() => post(`/volunteers/${registered}/skills`, skills, actor('volunteer', 'li-ming', { city: 'xiamen' }, undefined, ids.volunteer)), 'VOLUNTEER_NOT_FOUND');
  });

  it('a district-wide organisation is matched by city and district, never by the district code alone', async () => {
    // Another city with a district of the same code: its bureau does not reach Xiamen's 思明 organisation.
    const fuzhouBureau = actor('civil_affairs_bureau', 'bureau-fuzhou', { city: 'fuzhou' });
    const fuzhouSiming = actor('civil_affairs_bureau', 'bureau-fuzhou-siming', { city: 'fuzhou', district: 'siming' });
    await unknown(() => post(`/organisations/${ids.rival}/grade`, { grade: 3, year: 2025 }, fuzhouBureau), 'ORGANISATION_NOT_FOUND');
    await unknown(() => post(`/organisations/${ids.rival}/suspend`, { reason: '越权' }, fuzhouSiming), 'ORGANISATION_NOT_FOUND');
    await forbidden(() => post('/organisations', organisation('福州社工', '52350203MJ0000203X'), fuzhouSiming), 'OUTSIDE_YOUR_AREA');
    // Without its city a registration is refused: 400 with the field, nothing stored.
    const before = await app.service.infrastructure.eventStore.headPosition();
    const { city: _city, ...withoutCity } = organisation('无城社工', '52350203MJ0000204X');
    const response = await post('/organisations', withoutCity, bureau);
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  });

  it('a street office acts only inside its street', async () => {
    const xiagangOffice = actor('civil_affairs_bureau', 'office-xiagang', { ...district, street: 'xiagang' });
    await unknown(() => post('/communities/authz-a/population', { residents: 1, households: 1 }, xiagangOffice), 'COMMUNITY_NOT_FOUND');
    await post('/communities/authz-b/population', { residents: 5001, households: 2001 }, xiagangOffice).expect(200);
  });
});
