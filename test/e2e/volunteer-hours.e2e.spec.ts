import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chinaDateOf, chinaYearOf } from '#domain';
import { storeVariants } from '../support/store-variants.js';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

interface Entry { entryId: string; status: string; source: string; hours: number; date: string; confirmedBy: { id: string; role: string } | null; declinedBy: { reason: string } | null }

/**
 * Self-reported hours wait for the coordinator's confirmation before they count (issue 13 item 1),
 * over HTTP: log, list, confirm, decline, the refusals, and the hours logged before an evaluation.
 */
describe.each(storeVariants('volunteer-hours'))('volunteer hours confirmation (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  let flow: WholeFlow;
  let volunteerId: string;
  let assignmentId: string;
  const DAY = 24 * 60 * 60 * 1000;
  // The whole flow's volunteer registered herself; its committee coordinates it; the agency runs the project it serves.
  const volunteerActor = actor('volunteer', 'hrs-volunteer');
  const committee = actor('community_committee', 'hrs-committee');
  const bureau = actor('civil_affairs_bureau', 'hrs-bureau');
  const post = (path: string, body: object, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  const today = () => chinaDateOf(new Date());
  const storedFacts = async () => (await app.service.infrastructure.eventStore.readStream(`volunteer-${volunteerId}`)).length;
  const entries = async (headers: Record<string, string>, minPosition: number) =>
    (await app.http().get(`/volunteers/${volunteerId}/hours`).query({ minPosition }).set(headers).expect(200)).body as { items: Entry[]; totals: Record<string, number> };
  const hoursLogged = async (minPosition: number) => ((await app.http().get(`/volunteers/${volunteerId}`).query({ minPosition }).set(bureau).expect(200)).body as { hoursLogged: number }).hoursLogged;
  const report = async (hours: number) => (await post(`/volunteers/${volunteerId}/hours`, { assignmentId, hours, servedOn: today() }, volunteerActor).expect(200)).body as {
    entryId: string; status: string; position: number;
  };
  /** A refusal answers its status and code and stores nothing on the volunteer's stream. */
  const refused = async (request: () => PromiseLike<{ status: number; body: { code?: string } }>, status: number, code: string) => {
    const before = await storedFacts();
    const response = await request();
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(await storedFacts()).toBe(before);
  };

  beforeAll(async () => {
    app = await startTestApp(env());
    // The flow waits for its bidding deadline on the real clock; the weeks before an evaluation pass on a fake one.
    flow = await runWholeFlow(app, 'hrs');
    // The flow waited out its award's standstill on a clock moved forward (its assignments are dated then): go on from there.
    jest.useFakeTimers({
      advanceTimers: true,
      now: Date.now(),
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    volunteerId = flow.ids.volunteer;
    assignmentId = 'hrs-meals';
  });

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
    await cleanUp();
  });

  it('hours the volunteer reports are pending: listed with their entryId, not counted', async () => {
    const before = await hoursLogged(0);
    const logged = await report(3);
    expect(logged.status).toBe('pending');
    expect(typeof logged.entryId).toBe('string');
    const listed = await entries(volunteerActor, logged.position);
    expect(listed.items).toContainEqual(expect.objectContaining({ entryId: logged.entryId, status: 'pending', source: 'self_reported', hours: 3, date: today(), confirmedBy: null }));
    expect(listed.totals.pending).toBe(3);
    expect(await hoursLogged(logged.position)).toBe(before);
  });

  it('the coordinator confirms them and they count; the volunteer itself, another area and another organisation may not', async () => {
    const before = await hoursLogged(0);
    const { entryId } = await report(2);
    const confirm = (headers: Record<string, string>) => () => post(`/volunteers/${volunteerId}/hours/${entryId}/confirm`, {}, headers);
    await refused(confirm(volunteerActor), 403, 'ROLE_NOT_PERMITTED');
    await refused(confirm(actor('community_committee', 'far-committee', { city: 'quanzhou' })), 404, 'VOLUNTEER_NOT_FOUND');
    await refused(confirm(staffOf(flow.ids.rival)), 403, 'NOT_YOUR_RECORD');

    // The agency contracted for the project the assignment serves coordinates it.
    const confirmed = await confirm(staffOf(flow.ids.agency, 'hrs-agency-staff'))();
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerHoursConfirmed']);
    expect(await hoursLogged(confirmed.body.position)).toBeCloseTo(before + 2, 2);
    const listed = await entries(committee, confirmed.body.position);
    expect(listed.items).toContainEqual(
      expect.objectContaining({ entryId, status: 'confirmed', source: 'self_reported', confirmedBy: expect.objectContaining({ id: 'hrs-agency-staff', role: 'social_organisation' }) }),
    );

    await refused(confirm(committee), 409, 'VOLUNTEER_HOURS_ALREADY_CONFIRMED');
    await refused(() => post(`/volunteers/${volunteerId}/hours/no-such-entry/confirm`, {}, committee), 404, 'VOLUNTEER_HOURS_ENTRY_NOT_FOUND');
  });

  it('the coordinator declines with a reason; declined hours never count and cannot be confirmed after', async () => {
    const before = await hoursLogged(0);
    const { entryId } = await report(1.5);
    await refused(() => post(`/volunteers/${volunteerId}/hours/${entryId}/decline`, {}, committee), 400, 'VALIDATION_FAILED');
    const declined = await post(`/volunteers/${volunteerId}/hours/${entryId}/decline`, { reason: '当天活动取消' }, committee).expect(200);
    expect(declined.body.events.map((event: { type: string }) => event.type)).toEqual(['VolunteerHoursDeclined']);
    const listed = await entries(volunteerActor, declined.body.position);
    expect(listed.items).toContainEqual(expect.objectContaining({ entryId, status: 'declined', declinedBy: expect.objectContaining({ reason: '当天活动取消' }) }));
    expect(await hoursLogged(declined.body.position)).toBe(before);
    await refused(() => post(`/volunteers/${volunteerId}/hours/${entryId}/confirm`, {}, committee), 409, 'VOLUNTEER_HOURS_ALREADY_DECLINED');
  });

  it('each coordinator reads the pending entries it may decide, across its volunteers, page by page; no one else sees them', async () => {
    const { entryId, position } = await report(0.5);
    const pending = async (headers: Record<string, string>, query: Record<string, string | number> = {}) => {
      const answer = await app.http().get('/volunteers/hours/pending').query({ minPosition: position, ...query }).set(headers);
      expect(answer.status).toBe(200);
      return answer.body as { items: (Entry & { volunteerId: string; volunteerArea: { city: string } })[]; nextCursor: string | null };
    };
    // The committee and office of the volunteer's area, and the agency contracted for the project the assignment serves.
    const agency = staffOf(flow.ids.agency, 'hrs-agency-staff');
    for (const coordinator of [committee, bureau, agency]) {
      const { items } = await pending(coordinator);
      expect(items).toContainEqual(expect.objectContaining({ entryId, volunteerId, status: 'pending', source: 'self_reported', hours: 0.5, date: today() }));
      expect(items.every((item) => item.status === 'pending')).toBe(true);
    }
    // What it lists it may confirm: the first test's 3 h are still pending, oldest first, one page at a time.
    const all = (await pending(committee)).items.map((item) => item.entryId);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await pending(committee, { limit: 1 });
    expect(first.items.map((item) => item.entryId)).toEqual([all[0]]);
    expect((await pending(committee, { limit: 1, cursor: first.nextCursor! })).items.map((item) => item.entryId)).toEqual([all[1]]);
    // Another organisation (not contracted for the project), another city's committee, the volunteer itself, a donor: nothing.
    for (const stranger of [staffOf(flow.ids.rival), actor('community_committee', 'far-committee', { city: 'quanzhou' }), volunteerActor, actor('donor', 'some-donor')]) {
      expect((await pending(stranger)).items).toEqual([]);
    }
    // Narrowed by the volunteer's area; decided, it leaves the queue.
    expect((await pending(committee, { district: 'elsewhere' })).items).toEqual([]);
    // (Declined, so the hours before the evaluation below stay as they were.)
    const declined = await post(`/volunteers/${volunteerId}/hours/${entryId}/decline`, { reason: '重复填报' }, agency).expect(200);
    expect((await pending(agency, { minPosition: declined.body.position })).items.map((item) => item.entryId)).not.toContain(entryId);
    expect((await app.http().get('/volunteers/hours/pending').query({ limit: 0 }).set(committee)).body.code).toBe('VALIDATION_FAILED');
  });

  it('hours a committee types count at once; the list is read under the record’s rule (404 outside it)', async () => {
    const typed = await post(`/volunteers/${volunteerId}/hours`, { assignmentId, hours: 1, servedOn: today() }, committee).expect(200);
    expect(typed.body.status).toBe('confirmed');
    const listed = await entries(bureau, typed.body.position);
    expect(listed.items).toContainEqual(expect.objectContaining({ entryId: typed.body.entryId, status: 'confirmed', source: 'coordinator', confirmedBy: expect.objectContaining({ role: 'community_committee' }) }));
    for (const stranger of [actor('community_committee', 'far-committee', { city: 'quanzhou' }), actor('volunteer', 'another-volunteer'), actor('donor', 'some-donor')]) {
      const answer = await app.http().get(`/volunteers/${volunteerId}/hours`).set(stranger);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 404, code: 'VOLUNTEER_NOT_FOUND' });
    }
  });

  it('shows the hours logged in the weeks before an evaluation next to the contract’s usual weekly rate', async () => {
    const type = (hours: number) => post(`/volunteers/${volunteerId}/hours`, { assignmentId, hours, servedOn: today() }, committee).expect(200);
    // Eight quiet weeks of one hour, then four weeks of five hours right before the evaluation.
    for (let week = 1; week <= 8; week++) {
      jest.setSystemTime(new Date(Date.now() + 7 * DAY));
      await type(1);
    }
    for (let week = 9; week <= 12; week++) {
      jest.setSystemTime(new Date(Date.now() + 7 * DAY));
      await type(5);
    }
    // Self-reported hours still waiting do not count in it.
    await report(4);
    jest.setSystemTime(new Date(Date.now() + DAY));
    const evaluated = await post(`/projects/${flow.ids.project}/evaluations`, { year: chinaYearOf(new Date()), grade: 'good', score: 88 }, bureau).expect(200);
    const detail = (await app.http().get(`/projects/${flow.ids.project}`).query({ minPosition: evaluated.body.position }).set(bureau).expect(200)).body as {
      hoursBeforeEvaluations: { weeks: number; window: { hours: number; weeklyRate: number }; usual: { hours: number; weeklyRate: number } | null; ratio: number | null }[];
    };
    expect(detail.hoursBeforeEvaluations).toHaveLength(1);
    const [spike] = detail.hoursBeforeEvaluations;
    expect(spike).toMatchObject({ weeks: 4, window: { hours: 20, weeklyRate: 5 } });
    // Before the window: the hour a week, and the 3 hours confirmed and 1 typed at the start of the contract.
    expect(spike!.usual!.hours).toBeCloseTo(8 + 2 + 1, 2);
    expect(spike!.ratio!).toBeGreaterThan(3);
    const narrower = (await app.http().get(`/projects/${flow.ids.project}`).query({ minPosition: evaluated.body.position, weeksBeforeEvaluation: 2 }).set(bureau).expect(200)).body;
    expect(narrower.hoursBeforeEvaluations[0]).toMatchObject({ weeks: 2, window: { hours: 10, weeklyRate: 5 } });
  });
});
