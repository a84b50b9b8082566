import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chinaDateOf } from '#domain';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

/** Issue 8, section 4: hours that cannot fit in a day, and receipts that must follow refunds. */
describe('hours and receipts (e2e)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  const donor = actor('donor', 'hours-donor');
  // The whole flow's volunteer registered herself as `<prefix>-volunteer`; the committee coordinates volunteers.
  const volunteerActor = actor('volunteer', 'hours-volunteer');
  const coordinator = actor('community_committee', 'hours-committee');
  const charityBase = actor('charity_base', 'hours-charity');
  const post = (path: string, body: object | undefined, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app, 'hours');
  });
  afterAll(async () => {
    await app.close();
  });

  it('one volunteer, two assignments, 24 + 24 + 24 + 10 hours on one date: no day holds more than the platform’s maximum', async () => {
    const today = chinaDateOf(new Date());
    const second = `hours-need-visits`;
    await post(`/volunteers/${flow.ids.volunteer}/assign`, { assignmentId: second, target: { kind: 'need', id: flow.ids.need }, hoursPerWeek: 2 }, coordinator).expect(200);
    const log = (assignmentId: string, hours: number) => post(`/volunteers/${flow.ids.volunteer}/hours`, { assignmentId, hours, servedOn: today }, volunteerActor);

    // Stored or not, read on the volunteer's own stream: the assignment above sets off policies that may still
    // append to other streams meanwhile, so the global head would race them.
    const volunteerFacts = async () => (await app.service.infrastructure.eventStore.readStream(`volunteer-${flow.ids.volunteer}`)).length;
    const answers: { status: number; code?: string; stored: boolean }[] = [];
    for (const [assignmentId, hours] of [['hours-meals', 24], [second, 24], ['hours-meals', 24], [second, 10]] as const) {
      const before = await volunteerFacts();
      const response = await log(assignmentId, hours);
      answers.push({ status: response.status, code: response.body.code, stored: (await volunteerFacts()) > before });
    }
    // VOLUNTEER_MAX_HOURS_PER_DAY is 12 by default: each 24 is refused, the 10 fits.
    expect(answers).toEqual([
      { status: 422, code: 'VOLUNTEER_DAILY_HOURS_EXCEEDED', stored: false },
      { status: 422, code: 'VOLUNTEER_DAILY_HOURS_EXCEEDED', stored: false },
      { status: 422, code: 'VOLUNTEER_DAILY_HOURS_EXCEEDED', stored: false },
      { status: 200, code: undefined, stored: true },
    ]);
    const refused = await log('hours-meals', 3);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'VOLUNTEER_DAILY_HOURS_EXCEEDED', details: { servedOn: today, loggedHours: 10, requestedHours: 3, maxHoursPerDay: 12 } });
    await log('hours-meals', 2).expect(200);

    const stream = await app.service.infrastructure.eventStore.readStream(`volunteer-${flow.ids.volunteer}`);
    const hoursToday = stream
      .filter((event) => event.type === 'VolunteerHoursLogged' && (event.data as { servedOn: string }).servedOn === today)
      .reduce((sum, event) => sum + (event.data as { hours: number }).hours, 0);
    expect(hoursToday).toBe(12);
  });

  it('a configured maximum of 24 still refuses the second 24 of the issue’s example', async () => {
    const roomy = await startTestApp({ VOLUNTEER_MAX_HOURS_PER_DAY: '24' });
    try {
      const roomyFlow = await runWholeFlow(roomy, 'roomy');
      const today = chinaDateOf(new Date());
      const log = (hours: number) => roomy.http().post(`/volunteers/${roomyFlow.ids.volunteer}/hours`).set(actor('volunteer', 'roomy-volunteer')).send({ assignmentId: 'roomy-meals', hours, servedOn: today });
      await log(24).expect(200);
      const before = await roomy.service.infrastructure.eventStore.headPosition();
      const second = await log(24);
      expect(second.status).toBe(422);
      expect(second.body).toMatchObject({ code: 'VOLUNTEER_DAILY_HOURS_EXCEEDED', details: { loggedHours: 24, maxHoursPerDay: 24 } });
      expect(await roomy.service.infrastructure.eventStore.headPosition()).toBe(before);
    } finally {
      await roomy.close();
    }
  });

  it('a refund after the receipt corrects the receipt, and a refund of everything voids it, each as a fact the detail shows', async () => {
    const pledged = (await post('/donations', { donor: { kind: 'enterprise', displayName: '厦门海沧实业' }, resource: 'money', amountFen: 1_000_000, communityId: flow.ids.community }, donor).expect(201)).body.id as string;
    const receipted = await post(`/donations/${pledged}/receipt`, { receiptNumber: '闽财2026000123' }, charityBase).expect(200);
    const detail = async (position: number) => (await app.http().get(`/donations/${pledged}`).query({ minPosition: position }).expect(200)).body;
    expect(await detail(receipted.body.position)).toMatchObject({ receiptNumber: '闽财2026000123', receiptedFen: 1_000_000, receiptVoided: false });

    const partly = await post(`/donations/${pledged}/refund`, { amountFen: 300_000, reason: '捐赠方调整' }, donor).expect(200);
    expect(partly.body.events.map((event: { type: string }) => event.type)).toEqual(['DonationRefunded', 'DonationReceiptCorrected']);
    expect(await detail(partly.body.position)).toMatchObject({ receiptedFen: 700_000, receiptVoided: false });

    const wholly = await post(`/donations/${pledged}/refund`, { reason: '捐赠方撤回' }, donor).expect(200);
    expect(wholly.body.events.map((event: { type: string }) => event.type)).toEqual(['DonationRefunded', 'DonationReceiptCorrected']);
    expect(await detail(wholly.body.position)).toMatchObject({ receiptedFen: 0, receiptVoided: true });
  });
});
