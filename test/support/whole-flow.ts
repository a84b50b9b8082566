import { expect, jest } from '@jest/globals';
import { passStandstill } from './standstill.js';
import { actorFromClaims, envelopeActor } from '#application';
import { chinaDateOf, chinaYearOf } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { DonationItem, NeedListItem, ProjectListItem } from '#read-models';
import { actor, type TestApp } from './test-app.js';

/**
 * One flow over real HTTP through the five forces, from a need listed to a service delivered and a
 * donation matched, read back through the three lists. Shared by the SQLite and PostgreSQL e2e tests
 * and the rebuild test, so each proves the same story on its stores.
 */

type Headers = Record<string, string>;

/** The actor a request's bearer token names, as the envelope records it. */
const actorOfHeaders = (headers: Headers) => {
  const token = headers.Authorization!.replace(/^Bearer /, '');
  return envelopeActor(actorFromClaims(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>));
};

/** A command the flow sent, with what it answered: the correlation check follows it into the store. */
export interface SentCommand {
  step: string;
  correlationId: string;
  /** As the token named it: subject, role, area, issuer (what every event's metadata must carry). */
  actor: ReturnType<typeof envelopeActor>;
  answer: { id: string; position: number; events: { eventId: string; type: string; position: number }[]; replayed: boolean; bidId?: string; matchId?: string };
}

export interface WholeFlow {
  ids: {
    community: string;
    agency: string;
    rival: string;
    massOrganisation: string;
    socialWorkers: string[];
    volunteer: string;
    need: string;
    project: string;
    winningBid: string;
    donation: string;
  };
  sent: SentCommand[];
  /** The three lists as read at the end, each with minPosition. */
  needsListItem: NeedListItem;
  donationsListItem: DonationItem;
  projectsListItem: ProjectListItem;
  /** Global position of the flow's last fact, the policies' follow-ups included. */
  position: number;
}

const BIDDING_WINDOW_MS = 2500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` answers something (policies run asynchronously off the subscription). */
export const eventually = async <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
};

export const runWholeFlow = async (app: TestApp, prefix = 'flow'): Promise<WholeFlow> => {
  const sent: SentCommand[] = [];
  const bureau = actor('civil_affairs_bureau', `${prefix}-bureau`);
  const committee = actor('community_committee', `${prefix}-committee`);
  const donor = actor('donor', `${prefix}-donor`);
  const today = chinaDateOf(new Date());
  const lastYear = chinaYearOf(new Date()) - 1;

  const post = async (step: string, path: string, body: object | undefined, headers: Headers, status: number) => {
    const correlationId = `${prefix}-${step}`;
    const response = await app.http().post(path).set({ ...headers, 'X-Correlation-Id': correlationId }).send(body);
    if (response.status !== status) throw new Error(`${step}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    expect(response.headers['x-correlation-id']).toBe(correlationId);
    return { correlationId, body: response.body };
  };
  const command = async (step: string, path: string, body: object | undefined, headers: Headers, status = 200) => {
    const { correlationId, body: answer } = await post(step, path, body, headers, status);
    sent.push({ step, correlationId, actor: actorOfHeaders(headers), answer });
    return answer as SentCommand['answer'];
  };
  const get = async <T>(path: string, query: Record<string, string | number>) => {
    const response = await app.http().get(path).query(query);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  };
  const storedEvent = (streamId: string, type: string) =>
    eventually(async () => (await app.service.infrastructure.eventStore.readStream(streamId)).find((event) => event.type === type), `${type} on ${streamId}`);

  // The platform and the organisations: a community, two agencies and a budget-funded mass organisation.
  const communityId = `${prefix}-zhonghua`;
  await command('community-registered', '/communities', { communityId, name: '中华社区', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'urban', residents: 9800, households: 3700 }, bureau, 201);
  const organisation = (step: string, name: string, kind: string, code: string, budgetFunded = false) =>
    command(step, '/organisations', { name, kind, unifiedSocialCreditCode: code, budgetFunded, city: 'xiamen', district: 'siming', serviceCategories: ['elderly_care', 'social_assistance', 'community_governance'], capacity: 5 }, bureau, 201);
  const agency = (await organisation('agency-registered', '思明区鹭岛社会工作服务中心', 'social_work_agency', '52350203MJ0000001X')).id;
  const rival = (await organisation('rival-registered', '厦门市同心社会工作服务社', 'social_work_agency', '52350203MJ0000002X')).id;
  const massOrganisation = (await organisation('league-registered', '共青团厦门市思明区委员会', 'mass_organisation', '13350203MJ0000003X', true)).id;
  // Staff act for their own organisation (the token's org claim); a social worker for the one that employs her.
  const agencyActor = actor('social_organisation', `${prefix}-agency`, { city: 'xiamen' }, agency);
  const rivalActor = actor('social_organisation', `${prefix}-rival`, { city: 'xiamen' }, rival);
  const massActor = actor('social_organisation', `${prefix}-league`, { city: 'xiamen' }, massOrganisation);
  const workerActor = actor('social_worker', `${prefix}-social-worker`, { city: 'xiamen' }, agency);
  for (const [step, organisationId] of [['agency', agency], ['rival', rival], ['league', massOrganisation]] as const) {
    await command(`${step}-inspected`, `/organisations/${organisationId}/inspections`, { year: lastYear, result: 'passed' }, bureau);
  }
  await command('agency-graded', `/organisations/${agency}/grade`, { grade: 5, year: lastYear }, bureau);

  // Social workers of the agency: two qualified (a degree, a certificate) and one not, so rule 1 holds at 2 of 3.
  const socialWorker = async (step: string, name: string, hasSocialWorkDegree: boolean) =>
    (await command(step, '/social-workers', { person: { name, phone: '13906000001' }, base: { level: 'community', communityId }, hasSocialWorkDegree, employerOrganisationId: agency }, agencyActor, 201)).id;
  const socialWorkers = [await socialWorker('social-worker-1', '林晓鹭', true), await socialWorker('social-worker-2', '陈志鸿', false), await socialWorker('social-worker-3', '黄雅婷', false)];
  await command('social-worker-certified', `/social-workers/${socialWorkers[1]}/certify`, { grade: 'intermediate', certificateNumber: '201935000123', certifiedOn: '2019-11-02' }, bureau);

  // 实名注册: the volunteer registers herself, so her account acts for her record from then on.
  const volunteerActor = actor('volunteer', `${prefix}-volunteer`);
  const volunteer = (await command('volunteer-registered', '/volunteers', { person: { name: '吴海燕', phone: '13806001234', idNumber: '350203199001011234' }, communityId, registeredOn: today }, volunteerActor, 201)).id;
  await command('volunteer-skills', `/volunteers/${volunteer}/skills`, { skills: ['助餐送餐', '陪伴聊天'], categories: ['elderly_care'] }, volunteerActor);
  await command('volunteer-availability', `/volunteers/${volunteer}/availability`, { hoursPerWeek: 4, windows: [{ weekday: 2, from: '09:00', to: '12:00' }, { weekday: 4, from: '09:00', to: '12:00' }] }, volunteerActor);

  // Need listed and verified.
  const need = (await command('need-listed', '/needs', {
    communityId, category: 'elderly_care', title: '独居老人助餐', description: '八旬独居老人, 行动不便, 需要每日午餐送餐上门', urgency: 'high', source: 'visit',
    beneficiaries: 1, requiredSkills: ['助餐送餐'], hoursPerWeek: 2, amountFen: 200_000, beneficiary: { name: '陈阿婆', phone: '13700001111', address: '中山路 12 号' },
  }, committee, 201)).id;
  await command('need-verified', `/needs/${need}/verify`, undefined, committee);

  // Project designed for the need (the project-covers-needs policy records the cover on the need), published, bid on.
  const project = (await command('project-designed', '/projects', {
    title: '中华街道社会工作服务站', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'social_work_station', stationLevel: 'street',
    categories: ['elderly_care', 'social_assistance'], needIds: [need], budgetFen: 150_000_000, period: { start: today }, requirements: '驻站社工 3 名以上, 三分之二持证; 每周在社区服务不少于 24 小时',
    serviceItems: [{ name: '老年人关爱服务', category: 'elderly_care' }, { name: '困难群众帮扶', category: 'social_assistance' }],
  }, bureau, 201)).id;
  const deadline = new Date(Date.now() + BIDDING_WINDOW_MS);
  await command('project-published', `/projects/${project}/publish`, { deadline: deadline.toISOString(), eligibility: { description: '依法登记的社会组织或企业' } }, bureau);
  const winningBid = (await command('agency-bid', `/projects/${project}/bids`, { organisationId: agency, priceFen: 142_000_000, proposal: '驻站服务方案' }, agencyActor)).bidId!;
  await command('rival-bid', `/projects/${project}/bids`, { organisationId: rival, priceFen: 146_000_000, proposal: '驻站服务方案' }, rivalActor);
  const refusedBid = await post('league-bid-refused', `/projects/${project}/bids`, { organisationId: massOrganisation, priceFen: 100_000_000, proposal: '方案' }, massActor, 422);
  expect(refusedBid.body).toMatchObject({ code: 'BIDDER_NOT_ELIGIBLE', details: { rule: 7 } });

  // Bidding closes at the published deadline, not before.
  await sleep(Math.max(0, deadline.getTime() - Date.now() + 50));
  // A clock moved past an earlier flow's standstill is Date faked: it may not have followed the sleep.
  if (Date.now() <= deadline.getTime()) jest.setSystemTime(deadline.getTime() + 50);
  await command('bidding-closed', `/projects/${project}/close-bidding`, undefined, bureau);
  // 中标公示, then the contract once the standstill (质疑期) ran without a challenge.
  await command('award-announced', `/projects/${project}/award`, { bidId: winningBid }, bureau);
  passStandstill();
  const signedOn = chinaDateOf(new Date());
  await command('contract-awarded', `/projects/${project}/contract`, {
    bidId: winningBid,
    contract: { content: '街道社工站驻站服务', termMonths: 36, quantity: '3 名社工驻站, 每周在社区服务不少于 24 小时', quality: '满意度不低于 90%', priceFen: 142_000_000, settlementMethod: '按季度拨付' },
  }, bureau);
  for (const [index, socialWorkerId] of socialWorkers.entries()) {
    await command(`staff-assigned-${index + 1}`, `/projects/${project}/staff`, { socialWorkerId, hoursPerWeek: 30 }, agencyActor);
  }
  await command('staff-on-post', `/projects/${project}/staff-on-post`, undefined, bureau);
  const assignment = await command('volunteer-assigned', `/volunteers/${volunteer}/assign`, { assignmentId: `${prefix}-meals`, target: { kind: 'project', id: project }, hoursPerWeek: 2 }, committee);
  expect(assignment.events.map((event) => event.type)).toEqual(['VolunteerAssigned']);

  // Services delivered: a social worker with the volunteer, another on her own.
  await command('service-delivered-1', `/projects/${project}/deliveries`, {
    deliveryId: `${prefix}-delivery-1`, deliveredBy: { organisationId: agency, socialWorkerIds: [socialWorkers[0]], volunteerIds: [volunteer] }, hoursByVolunteer: { [volunteer]: 2 },
    category: 'elderly_care', serviceItem: { name: '老年人关爱服务' }, hours: 4, beneficiaries: 12, communityId, deliveredOn: signedOn,
  }, workerActor);
  await command('service-delivered-2', `/projects/${project}/deliveries`, {
    deliveryId: `${prefix}-delivery-2`, deliveredBy: { organisationId: agency, socialWorkerIds: [socialWorkers[1]], volunteerIds: [] },
    category: 'social_assistance', serviceItem: { name: '困难群众帮扶' }, hours: 6, beneficiaries: 3, communityId, deliveredOn: signedOn,
  }, workerActor);

  // A donation pledged and matched to the need (the policy records the match on the need) and to the project.
  const donation = (await command('donation-pledged', '/donations', {
    donor: { kind: 'enterprise', displayName: '厦门鹭岛科技有限公司', person: { name: '蔡经理', phone: '13606001111' } }, resource: 'money', amountFen: 600_000,
    earmark: { category: 'elderly_care', district: 'siming' }, communityId,
  }, donor, 201)).id;
  const needMatch = await command('donation-matched-need', `/donations/${donation}/match`, { matchId: `${prefix}-need-match`, target: { kind: 'need', id: need }, amountFen: 200_000 }, donor);
  await command('donation-matched-project', `/donations/${donation}/match`, { matchId: `${prefix}-project-match`, target: { kind: 'project', id: project }, amountFen: 300_000 }, donor);

  // Read back through the three lists; the need's match is a policy's follow-up, so wait for its position.
  const needMatched = await storedEvent(`need-${need}`, 'NeedMatched');
  expect(needMatched.metadata).toMatchObject({ correlationId: `${prefix}-donation-matched-need`, causationId: needMatch.events[0]!.eventId });
  const position = Math.max(needMatched.position, ...sent.map((command) => command.answer.position));
  const needsList = await get<{ items: NeedListItem[] }>('/needs', { community: communityId, minPosition: position });
  const donationsList = await get<{ items: DonationItem[] }>('/donations', { community: communityId, minPosition: position });
  const projectsList = await get<{ items: ProjectListItem[] }>('/projects', { street: 'zhonghua', minPosition: position });
  return {
    ids: { community: communityId, agency, rival, massOrganisation, socialWorkers, volunteer, need, project, winningBid, donation },
    sent,
    needsListItem: needsList.items.find((item) => item.needId === need)!,
    donationsListItem: donationsList.items.find((item) => item.donationId === donation)!,
    projectsListItem: projectsList.items.find((item) => item.projectId === project)!,
    position,
  };
};

/** What the three lists must show after the flow. */
export const expectListsShowTheFlow = (flow: WholeFlow): void => {
  expect(flow.needsListItem).toMatchObject({
    needId: flow.ids.need,
    // A project covering the need outranks a match in its status; the match shows in its counts.
    status: 'covered',
    matches: 1,
    matchedAmountFen: 200_000,
    coveringProjectIds: [flow.ids.project],
    timeToFirstMatchSeconds: expect.any(Number),
  });
  expect(flow.donationsListItem).toMatchObject({ donationId: flow.ids.donation, pledgedFen: 600_000, matchedFen: 500_000, balanceFen: 100_000, donor: { kind: 'enterprise', name: '厦门鹭岛科技有限公司' } });
  expect(flow.projectsListItem).toMatchObject({
    projectId: flow.ids.project,
    status: 'contracted',
    contractor: { organisationId: flow.ids.agency },
    contractPriceFen: 142_000_000,
    fundingMatchedFen: 300_000,
    fundingGapFen: 142_000_000 - 300_000,
    deliveries: 2,
    deliveredHours: 10,
    socialWorkerHours: 10,
    volunteerHours: 2,
    beneficiariesServed: 15,
    staff: { count: 3, qualified: 2, meetsStationRule: true },
  });
};

/**
 * Every stored event belongs to one request of the flow: it carries the request's correlation id,
 * and the request's actor, unless a policy caused it (then its cause is an event of that request).
 */
export const expectEventsCarryTheirRequest = (flow: WholeFlow, events: readonly RecordedEvent[]): void => {
  const byCorrelation = new Map(flow.sent.map((command) => [command.correlationId, command]));
  const eventIds = new Map(events.map((event) => [event.eventId, event]));
  for (const command of flow.sent) {
    for (const answered of command.answer.events) {
      expect(eventIds.get(answered.eventId)?.metadata).toMatchObject({ correlationId: command.correlationId, actor: command.actor });
    }
  }
  for (const event of events) {
    const request = byCorrelation.get(event.metadata.correlationId);
    if (!request) throw new Error(`${event.type} ${event.eventId} carries correlation id ${event.metadata.correlationId}, which no request of the flow sent`);
    if (event.metadata.actor.role === 'system') {
      const cause = eventIds.get(event.metadata.causationId ?? '');
      expect({ event: event.type, causeCorrelation: cause?.metadata.correlationId }).toEqual({ event: event.type, causeCorrelation: request.correlationId });
    } else {
      expect({ event: event.type, actor: event.metadata.actor }).toEqual({ event: event.type, actor: request.actor });
    }
  }
};
