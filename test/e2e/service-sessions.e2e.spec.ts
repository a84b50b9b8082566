import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { communityDecider, needDecider, toCommunityFacts } from '#domain';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/** 扫码签到签退 over HTTP (issue 13 item 1): sessions, QR codes, check-in and check-out, hours from the pair. */
describe.each(storeVariants('service-sessions'))('volunteer check-in and check-out (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau');
  const committee = actor('community_committee', 'committee-huli');
  const volunteerActor = actor('volunteer', 'volunteer-li');
  const HOUR = 60 * 60 * 1000;
  const travel = (ms: number) => jest.setSystemTime(new Date(Date.now() + ms));
  const post = (path: string, body: Record<string, unknown>, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  const typesOf = async (volunteerId: string) => (await app.service.infrastructure.eventStore.readStream(`volunteer-${volunteerId}`)).map((event) => event.type);
  const codeOf = async (volunteerId: string, sessionId: string, headers = committee) =>
    (await app.http().get(`/volunteers/${volunteerId}/sessions/${sessionId}/code`).query({ format: 'json' }).set(headers).expect(200)).body as { code: string; expiresAt: string };
  let volunteerId: string;
  let assignmentId: string;

  beforeAll(async () => {
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    app = await startTestApp({ ...env(), SESSION_CODE_TTL_SECONDS: '300', VOLUNTEER_MAX_HOURS_PER_DAY: '12' });
    await post('/communities', { communityId: 'huli', name: '湖里社区', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4000 }, bureau).expect(201);
    const { state } = await app.service.infrastructure.aggregates.load(communityDecider, 'huli');
    await app.service.infrastructure.aggregates.handle(needDecider, 'need-visits', {
      type: 'ListNeed',
      data: {
        needId: 'need-visits', community: toCommunityFacts(state), category: 'elderly_care', title: '探访', description: '', urgency: 'high',
        beneficiaryRef: 'person-need-visits', beneficiaries: 1, requiredSkills: [], hoursPerWeek: 4, source: 'visit',
      },
    }, { correlationId: randomUUID(), causationId: null, actor: { id: 'committee', role: 'community_committee' } });
    volunteerId = (await post('/volunteers', { person: { name: '李明' }, communityId: 'huli' }, volunteerActor).expect(201)).body.id;
    await post(`/volunteers/${volunteerId}/availability`, { hoursPerWeek: 10 }, volunteerActor).expect(200);
    assignmentId = (await post(`/volunteers/${volunteerId}/assign`, { target: { kind: 'need', id: 'need-visits' }, hoursPerWeek: 4 }, committee).expect(200)).body.assignmentId;
  });

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
    await cleanUp();
  });

  const image = (format: 'png' | 'svg') =>
    app.http().get(`/volunteers/${volunteerId}/sessions/session-qr/code`).query({ format }).set(committee).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });

  it('the committee opens a session and shows its code as PNG and SVG QR images; others may not', async () => {
    const opened = await post(`/volunteers/${volunteerId}/sessions`, { assignmentId, sessionId: 'session-qr' }, committee);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ sessionId: 'session-qr', events: [{ type: 'VolunteerServiceSessionOpened' }] });
    expect(typeof opened.body.code).toBe('string');

    const png = await image('png');
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toMatch(/^image\/png/);
    expect((png.body as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await image('svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((svg.body as Buffer).toString('utf8')).toContain('<svg');
    // Fetching codes records nothing.
    expect(await typesOf(volunteerId)).toEqual(['VolunteerRegistered', 'VolunteerAvailabilityDeclared', 'VolunteerAssigned', 'VolunteerServiceSessionOpened']);

    // The volunteer may not open sessions or show codes for themselves; a committee elsewhere may not either.
    const self = await post(`/volunteers/${volunteerId}/sessions`, { assignmentId }, volunteerActor);
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 403, code: 'ROLE_NOT_PERMITTED' });
    const elsewhere = await app.http().get(`/volunteers/${volunteerId}/sessions/session-qr/code`).set(actor('community_committee', 'committee-far', { city: 'quanzhou' }));
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 404, code: 'VOLUNTEER_NOT_FOUND' });
  });

  it('checks in and out with the codes; the hours are derived from the pair and count on the volunteer', async () => {
    await post(`/volunteers/${volunteerId}/sessions`, { assignmentId, sessionId: 'session-1' }, committee).expect(201);
    const early = await post(`/volunteers/${volunteerId}/sessions/session-1/check-out`, { code: (await codeOf(volunteerId, 'session-1')).code }, volunteerActor);
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'CHECK_OUT_BEFORE_CHECK_IN' });

    const checkedIn = await post(`/volunteers/${volunteerId}/sessions/session-1/check-in`, { code: (await codeOf(volunteerId, 'session-1')).code }, volunteerActor);
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerCheckedIn']);

    // A second session may be opened, but the person cannot be in two at once.
    await post(`/volunteers/${volunteerId}/sessions`, { assignmentId, sessionId: 'session-2' }, committee).expect(201);
    const overlap = await post(`/volunteers/${volunteerId}/sessions/session-2/check-in`, { code: (await codeOf(volunteerId, 'session-2')).code }, volunteerActor);
    expect({ status: overlap.status, code: overlap.body.code }).toEqual({ status: 409, code: 'VOLUNTEER_SESSION_OVERLAP' });
    // Another session's code does not fit this session.
    const mismatch = await post(`/volunteers/${volunteerId}/sessions/session-1/check-out`, { code: (await codeOf(volunteerId, 'session-2')).code }, volunteerActor);
    expect({ status: mismatch.status, code: mismatch.body.code }).toEqual({ status: 422, code: 'SESSION_CODE_MISMATCH' });

    travel(2.5 * HOUR);
    const checkedOut = await post(`/volunteers/${volunteerId}/sessions/session-1/check-out`, { code: (await codeOf(volunteerId, 'session-1')).code }, volunteerActor);
    expect(checkedOut.status).toBe(200);
    const [out] = (await app.service.infrastructure.eventStore.readStream(`volunteer-${volunteerId}`)).filter((event) => event.type === 'VolunteerCheckedOut');
    expect(out!.data).toMatchObject({ sessionId: 'session-1', assignmentId });
    expect((out!.data as { hours: number }).hours).toBeCloseTo(2.5, 1);
    const detail = await app.http().get(`/volunteers/${volunteerId}`).query({ minPosition: checkedOut.body.position }).expect(200);
    expect(detail.body.hoursLogged).toBeCloseTo(2.5, 1);
  });

  it('refuses an expired code, a forged one, and another volunteer checking in with the code', async () => {
    await post(`/volunteers/${volunteerId}/sessions`, { assignmentId, sessionId: 'session-3' }, committee).expect(201);
    const { code } = await codeOf(volunteerId, 'session-3');
    const otherVolunteer = await post(`/volunteers/${volunteerId}/sessions/session-3/check-in`, { code }, actor('volunteer', 'volunteer-other'));
    expect({ status: otherVolunteer.status, code: otherVolunteer.body.code }).toEqual({ status: 404, code: 'VOLUNTEER_NOT_FOUND' });
    const forged = await post(`/volunteers/${volunteerId}/sessions/session-3/check-in`, { code: `${code.split('.')[0]}.AAAA` }, volunteerActor);
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 400, code: 'SESSION_CODE_INVALID' });
    travel(6 * 60 * 1000);
    const expired = await post(`/volunteers/${volunteerId}/sessions/session-3/check-in`, { code }, volunteerActor);
    expect({ status: expired.status, code: expired.body.code }).toEqual({ status: 422, code: 'SESSION_CODE_EXPIRED' });
    expect((await typesOf(volunteerId)).filter((type) => type === 'VolunteerCheckedIn')).toHaveLength(1);
  });

  it('flags hours typed by someone other than the volunteer or its committee; derived hours are never flagged', async () => {
    const before = (await app.http().get(`/volunteers/${volunteerId}`).expect(200)).body as { hoursLogged: number; hoursFlagged: number };
    expect(before.hoursFlagged).toBe(0);
    const today = new Date(Date.now() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10);
    // The volunteer's own hours wait for its committee; once confirmed they count, unflagged.
    const own = await post(`/volunteers/${volunteerId}/hours`, { assignmentId, hours: 1, servedOn: today }, volunteerActor).expect(200);
    const byOffice = await post(`/volunteers/${volunteerId}/hours`, { assignmentId, hours: 0.5, servedOn: today }, bureau).expect(200);
    const confirmed = await post(`/volunteers/${volunteerId}/hours/${own.body.entryId}/confirm`, {}, committee).expect(200);
    const after = (await app.http().get(`/volunteers/${volunteerId}`).query({ minPosition: Math.max(byOffice.body.position, confirmed.body.position) }).expect(200)).body as {
      hoursLogged: number; hoursFlagged: number;
    };
    expect(after.hoursLogged).toBeCloseTo(before.hoursLogged + 1.5, 2);
    expect(after.hoursFlagged).toBeCloseTo(0.5, 2);
  });

  it('refuses a session that would take the day past the daily maximum', async () => {
    await post(`/volunteers/${volunteerId}/sessions`, { assignmentId, sessionId: 'session-long' }, committee).expect(201);
    await post(`/volunteers/${volunteerId}/sessions/session-long/check-in`, { code: (await codeOf(volunteerId, 'session-long')).code }, volunteerActor).expect(200);
    travel(13 * HOUR);
    const tooLong = await post(`/volunteers/${volunteerId}/sessions/session-long/check-out`, { code: (await codeOf(volunteerId, 'session-long')).code }, volunteerActor);
    expect({ status: tooLong.status, code: tooLong.body.code }).toEqual({ status: 422, code: 'VOLUNTEER_DAILY_HOURS_EXCEEDED' });
  });
});
