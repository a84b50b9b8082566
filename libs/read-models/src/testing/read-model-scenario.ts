import {
  NO_HOLIDAYS,
  workingDayPeriodFrom,
  communityDecider,
  domainEventRegistry,
  donationDecider,
  elderDecider,
  needDecider,
  organisationDecider,
  projectDecider,
  socialWorkerDecider,
  toCommunityFacts,
  toOrganisationFacts,
  toProjectFacts,
  toSocialWorkerFacts,
  volunteerDecider,
  type Area,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  type ServiceCategory,
  type Urgency,
} from '#domain';
import { AggregateStore, type EventStore } from '#event-store';

/**
 * A realistic stretch of five-society work in two districts of Xiamen, driven through the real
 * deciders and the aggregate store, so the read models see exactly what production appends.
 *
 * Siming (SM): streets SM-1 (communities SM-1-A urban 8,000 -> 8,200 residents, SM-1-B urban 6,000)
 * and SM-2 (SM-2-A urban 5,000). Huli (HL): street HL-1 (HL-1-A rural 3,000).
 */
export const CITY = 'XM';
export const AREAS = {
  sm1a: { city: CITY, district: 'SM', street: 'SM-1', community: 'SM-1-A' },
  sm1b: { city: CITY, district: 'SM', street: 'SM-1', community: 'SM-1-B' },
  sm2a: { city: CITY, district: 'SM', street: 'SM-2', community: 'SM-2-A' },
  hl1a: { city: CITY, district: 'HL', street: 'HL-1', community: 'HL-1-A' },
} as const satisfies Record<string, Area>;

export const START = new Date('2026-03-02T01:00:00.000Z');
/**
 * The shortest standstill (质疑期) a platform may set, one Beijing working day: the scenario's dated
 * deliveries keep their weeks. The contract is signed the moment it has run.
 */
const STANDSTILL = { workingDays: 1, calendar: NO_HOLIDAYS };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The need list as the scenario produced it: what the assertions are written against. */
export interface ScenarioNeed {
  needId: string;
  area: Area;
  category: ServiceCategory;
  urgency: Urgency;
  listedAt: string;
}

export class ScenarioClock {
  private current = new Date(START);
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(instant: string): void {
    this.current = new Date(instant);
  }
}

/** Sends domain commands as the API would: load facts, decide, append with the expected revision. */
export class ScenarioDriver {
  readonly clock = new ScenarioClock();
  readonly aggregates: AggregateStore;
  private commandCount = 0;

  constructor(store: EventStore) {
    this.aggregates = new AggregateStore(store, domainEventRegistry, { clock: this.clock.now });
  }

  async send<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    id: string,
    command: Command,
  ): Promise<number> {
    this.commandCount += 1;
    const handled = await this.aggregates.handle(decider, id, command, {
      correlationId: `scenario-${this.commandCount}`,
      causationId: null,
      actor: { id: 'bureau-xm', role: 'civil_affairs_bureau' },
    });
    return handled.position;
  }

  async community(id: string) {
    return toCommunityFacts((await this.aggregates.load(communityDecider, id)).state);
  }
  async organisation(id: string) {
    return toOrganisationFacts((await this.aggregates.load(organisationDecider, id)).state);
  }
  async socialWorker(id: string) {
    return toSocialWorkerFacts((await this.aggregates.load(socialWorkerDecider, id)).state);
  }

  async project(id: string) {
    return toProjectFacts((await this.aggregates.load(projectDecider, id)).state);
  }
}

export interface ScenarioResult {
  needs: ScenarioNeed[];
  /** The clock at the end: queries count overdue reports against it. */
  endedAt: Date;
  headPosition: number;
}

const CREDIT_CODES = {
  'org-a': '91350200MA2Y00001A',
  'org-b': '52350200MA2Y00002B',
  'org-c': '52350200MA2Y00003C',
  'org-d': '52350200MA2Y00004D',
};

/** Runs the whole scenario; about 150 events. */
export async function runScenario(store: EventStore): Promise<ScenarioResult> {
  const driver = new ScenarioDriver(store);
  const { clock } = driver;
  const send = driver.send.bind(driver);
  const needs: ScenarioNeed[] = [];

  // --- communities: the platform -----------------------------------------------------------------
  for (const [key, kind, residents, households, name] of [
    ['sm1a', 'urban', 8000, 3100, '鹭江社区'],
    ['sm1b', 'urban', 6000, 2300, '镇海社区'],
    ['sm2a', 'urban', 5000, 1900, '中山社区'],
    ['hl1a', 'rural', 3000, 900, '钟宅村'],
  ] as const) {
    const area = AREAS[key];
    await send(communityDecider, area.community, {
      type: 'RegisterCommunity',
      data: { communityId: area.community, name, area: { city: area.city, district: area.district, street: area.street }, kind, residents, households },
    });
  }
  await send(communityDecider, AREAS.sm1a.community, {
    type: 'UpdateCommunityPopulation',
    data: { communityId: AREAS.sm1a.community, residents: 8200, households: 3150 },
  });

  // --- organisations -----------------------------------------------------------------------------
  await send(organisationDecider, 'org-a', {
    type: 'RegisterOrganisation',
    data: {
      organisationId: 'org-a',
      name: '思明区同心社工服务中心',
      kind: 'social_work_agency',
      unifiedSocialCreditCode: CREDIT_CODES['org-a'],
      budgetFunded: false,
      city: CITY,
      district: 'SM',
      area: null,
      serviceCategories: ['elderly_care', 'child_welfare', 'community_governance'],
      capacity: 3,
    },
  });
  await send(organisationDecider, 'org-a', { type: 'RecordAnnualInspection', data: { organisationId: 'org-a', year: 2025, result: 'passed' } });
  await send(organisationDecider, 'org-a', { type: 'GradeOrganisation', data: { organisationId: 'org-a', grade: 4, year: 2025 } });
  await send(organisationDecider, 'org-b', {
    type: 'RegisterOrganisation',
    data: {
      organisationId: 'org-b',
      name: '鹭江社区老年协会',
      kind: 'social_organisation',
      unifiedSocialCreditCode: CREDIT_CODES['org-b'],
      budgetFunded: false,
      city: CITY,
      district: 'SM',
      area: AREAS.sm1a,
      serviceCategories: ['elderly_care', 'culture_sports'],
      capacity: 1,
    },
  });
  await send(organisationDecider, 'org-b', { type: 'GradeOrganisation', data: { organisationId: 'org-b', grade: 3, year: 2025 } });
  await send(organisationDecider, 'org-c', {
    type: 'RegisterOrganisation',
    data: {
      organisationId: 'org-c',
      name: '钟宅村互助会',
      kind: 'social_organisation',
      unifiedSocialCreditCode: CREDIT_CODES['org-c'],
      budgetFunded: false,
      city: CITY,
      district: 'HL',
      area: AREAS.hl1a,
      serviceCategories: ['child_welfare'],
      capacity: 2,
    },
  });
  await send(organisationDecider, 'org-c', {
    type: 'RecordAnnualInspection',
    data: { organisationId: 'org-c', year: 2025, result: 'failed', reason: '财务报告未按期提交' },
  });
  await send(organisationDecider, 'org-d', {
    type: 'RegisterOrganisation',
    data: {
      organisationId: 'org-d',
      name: '中山社区文体队',
      kind: 'social_organisation',
      unifiedSocialCreditCode: CREDIT_CODES['org-d'],
      budgetFunded: false,
      city: CITY,
      district: 'SM',
      area: AREAS.sm2a,
      serviceCategories: ['culture_sports'],
      capacity: 1,
    },
  });
  await send(organisationDecider, 'org-d', { type: 'DeregisterOrganisation', data: { organisationId: 'org-d', reason: '连续两年未参加年检' } });

  // --- social workers: sw-1..4 of org-a at community posts, sw-5 at the district's general station
  const socialWorkers = [
    { id: 'sw-1', area: AREAS.sm1a, degree: false, grade: 'intermediate' as const },
    { id: 'sw-2', area: AREAS.sm1b, degree: false, grade: 'assistant' as const },
    { id: 'sw-3', area: AREAS.sm1a, degree: true, grade: null },
    { id: 'sw-4', area: AREAS.sm2a, degree: false, grade: null },
  ];
  for (const worker of socialWorkers) {
    await send(socialWorkerDecider, worker.id, {
      type: 'RegisterSocialWorker',
      data: {
        socialWorkerId: worker.id,
        personRef: `vault:person:${worker.id}`,
        base: { level: 'community', area: worker.area },
        hasSocialWorkDegree: worker.degree,
        employerOrganisationId: 'org-a',
      },
    });
    if (worker.grade) {
      await send(socialWorkerDecider, worker.id, {
        type: 'CertifySocialWorker',
        data: { socialWorkerId: worker.id, grade: worker.grade, certificateNumber: `CERT-${worker.id}`, certifiedOn: '2025-06-30' },
      });
    }
  }
  await send(socialWorkerDecider, 'sw-5', {
    type: 'RegisterSocialWorker',
    data: {
      socialWorkerId: 'sw-5',
      personRef: 'vault:person:sw-5',
      base: { level: 'district', city: CITY, district: 'SM' },
      hasSocialWorkDegree: true,
      employerOrganisationId: null,
    },
  });
  await send(socialWorkerDecider, 'sw-6', {
    type: 'RegisterSocialWorker',
    data: { socialWorkerId: 'sw-6', personRef: 'vault:person:sw-6', base: { level: 'community', area: AREAS.hl1a }, hasSocialWorkDegree: false, employerOrganisationId: null },
  });
  await send(socialWorkerDecider, 'sw-6', { type: 'DeregisterSocialWorker', data: { socialWorkerId: 'sw-6', reason: '调离' } });

  // --- volunteers ---------------------------------------------------------------------------------
  const volunteers = [
    { id: 'vol-1', area: AREAS.sm1a, skills: ['理发', '陪伴'], categories: ['elderly_care'] as ServiceCategory[], hours: 6 },
    { id: 'vol-2', area: AREAS.sm1a, skills: ['课业辅导'], categories: ['education', 'child_welfare'] as ServiceCategory[], hours: 4 },
    { id: 'vol-3', area: AREAS.sm1b, skills: ['心理咨询'], categories: ['mental_health', 'elderly_care'] as ServiceCategory[], hours: 10 },
    { id: 'vol-4', area: AREAS.sm2a, skills: ['维修'], categories: ['elderly_care'] as ServiceCategory[], hours: 3 },
    { id: 'vol-5', area: AREAS.hl1a, skills: ['书法'], categories: ['culture_sports'] as ServiceCategory[], hours: 2 },
  ];
  for (const volunteer of volunteers) {
    await send(volunteerDecider, volunteer.id, {
      type: 'RegisterVolunteer',
      data: { volunteerId: volunteer.id, personRef: `vault:person:${volunteer.id}`, area: volunteer.area, registeredOn: '2026-03-02' },
    });
    await send(volunteerDecider, volunteer.id, {
      type: 'DeclareVolunteerSkills',
      data: { volunteerId: volunteer.id, skills: volunteer.skills, categories: volunteer.categories },
    });
    await send(volunteerDecider, volunteer.id, {
      type: 'DeclareVolunteerAvailability',
      data: { volunteerId: volunteer.id, hoursPerWeek: volunteer.hours, windows: [] },
    });
    clock.advance(60_000);
  }

  // --- needs: 24 listed an hour apart across the four communities -------------------------------
  const needPlan: [keyof typeof AREAS, ServiceCategory, Urgency][] = [
    ['sm1a', 'elderly_care', 'high'],
    ['sm1a', 'elderly_care', 'critical'],
    ['sm1b', 'child_welfare', 'medium'],
    ['sm2a', 'elderly_care', 'low'],
    ['hl1a', 'child_welfare', 'high'],
    ['sm1a', 'mental_health', 'medium'],
    ['sm1b', 'elderly_care', 'high'],
    ['sm2a', 'education', 'medium'],
    ['hl1a', 'elderly_care', 'critical'],
    ['sm1a', 'community_governance', 'low'],
    ['sm1b', 'mental_health', 'medium'],
    ['sm2a', 'elderly_care', 'high'],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [index, [key, category, urgency]] of needPlan.entries()) {
      clock.advance(HOUR);
      const needId = `need-${String(round * needPlan.length + index + 1).padStart(2, '0')}`;
      const area = AREAS[key];
      await send(needDecider, needId, {
        type: 'ListNeed',
        data: {
          needId,
          community: await driver.community(area.community),
          category,
          title: `${category} need ${needId}`,
          description: 'Found on a home visit by the grid worker.',
          urgency,
          beneficiaryRef: `vault:beneficiary:${needId}`,
          beneficiaries: (index % 3) + 1,
          requiredSkills: [],
          hoursPerWeek: 2,
          amountFen: 30_000,
          source: 'visit',
        },
      });
      needs.push({ needId, area, category, urgency, listedAt: clock.now().toISOString() });
    }
  }
  for (const needId of ['need-01', 'need-02', 'need-03', 'need-07']) {
    await send(needDecider, needId, { type: 'VerifyNeed', data: {} });
  }

  // --- donations -----------------------------------------------------------------------------------
  clock.advance(HOUR);
  await send(donationDecider, 'don-1', {
    type: 'PledgeDonation',
    data: {
      donationId: 'don-1',
      donor: { kind: 'enterprise', displayName: '厦门鹭岛实业有限公司' },
      resource: 'money',
      amountFen: 1_000_000,
      description: '助老专项',
      earmark: { category: 'elderly_care', district: 'SM' },
      area: AREAS.sm1a,
      autoMatch: { categories: ['elderly_care'], maxPerNeedFen: 50_000 },
    },
  });
  await send(donationDecider, 'don-2', {
    type: 'PledgeDonation',
    data: {
      donationId: 'don-2',
      donor: { kind: 'community_foundation', displayName: '镇海社区基金' },
      resource: 'venue_time',
      amountFen: 80_000,
      description: '活动室每周六上午',
      area: AREAS.sm1b,
    },
  });
  await send(donationDecider, 'don-3', {
    type: 'PledgeDonation',
    data: { donationId: 'don-3', donor: { kind: 'resident', displayName: '匿名' }, resource: 'money', amountFen: 20_000, description: '', area: AREAS.sm2a },
  });
  await send(donationDecider, 'don-4', {
    type: 'PledgeDonation',
    data: { donationId: 'don-4', donor: { kind: 'enterprise', displayName: '湖里物业' }, resource: 'money', amountFen: 50_000, description: '', area: AREAS.hl1a },
  });

  // Matches: need-01 gets money (first match 30 min after the last listing... measured per need).
  clock.advance(2 * HOUR);
  const matchNeedWithDonation = async (needId: string, donationId: string, matchId: string, amountFen: number) => {
    const need = needs.find((candidate) => candidate.needId === needId)!;
    await send(donationDecider, donationId, {
      type: 'MatchDonation',
      data: { donationId, matchId, target: { kind: 'need', needId, category: need.category, area: need.area }, amountFen },
    });
    await send(needDecider, needId, {
      type: 'RecordResourceMatch',
      data: { matchId, resource: { kind: 'donation', id: donationId }, amountFen },
    });
  };
  await matchNeedWithDonation('need-01', 'don-1', 'match-01', 30_000);
  await matchNeedWithDonation('need-02', 'don-1', 'match-02', 30_000);
  await matchNeedWithDonation('need-04', 'don-3', 'match-03', 20_000);
  clock.advance(DAY);
  await matchNeedWithDonation('need-07', 'don-1', 'match-04', 25_000);
  // Venue time at its appraised value: in-kind, never counted as money.
  await matchNeedWithDonation('need-07', 'don-2', 'match-08', 40_000);
  await send(donationDecider, 'don-2', { type: 'DisburseDonation', data: { donationId: 'don-2', matchId: 'match-08', amountFen: 10_000 } });
  // A volunteer match, then the volunteer serves.
  await send(volunteerDecider, 'vol-1', {
    type: 'AssignVolunteer',
    data: { volunteerId: 'vol-1', assignmentId: 'assign-1', target: { kind: 'need', needId: 'need-02' }, hoursPerWeek: 2 },
  });
  await send(needDecider, 'need-02', {
    type: 'RecordResourceMatch',
    data: { matchId: 'match-05', resource: { kind: 'volunteer', id: 'vol-1' }, hoursPerWeek: 2 },
  });
  await send(volunteerDecider, 'vol-3', {
    type: 'AssignVolunteer',
    data: { volunteerId: 'vol-3', assignmentId: 'assign-2', target: { kind: 'need', needId: 'need-11' }, hoursPerWeek: 4 },
  });
  await send(needDecider, 'need-11', {
    type: 'RecordResourceMatch',
    data: { matchId: 'match-06', resource: { kind: 'volunteer', id: 'vol-3' }, hoursPerWeek: 4 },
  });
  // The resident's gift is released again (the family moved away) and need-04 is withdrawn.
  await send(donationDecider, 'don-3', { type: 'ReleaseDonationMatch', data: { donationId: 'don-3', matchId: 'match-03', reason: '受助家庭迁出' } });
  await send(needDecider, 'need-04', { type: 'WithdrawNeed', data: { reason: '受助家庭迁出' } });
  await send(donationDecider, 'don-4', { type: 'RefundDonation', data: { donationId: 'don-4', reason: '捐赠方撤回' } });

  // --- the SM-1 street station (社工站): designed, tendered, contracted to org-a ----------------
  clock.advance(DAY);
  await send(projectDecider, 'proj-station', {
    type: 'DesignProject',
    data: {
      projectId: 'proj-station',
      title: '鹭江街道社工站',
      area: { city: CITY, district: 'SM', street: 'SM-1', community: '' },
      kind: 'social_work_station',
      stationLevel: 'street',
      categories: ['elderly_care', 'community_governance'],
      needIds: ['need-01', 'need-02'],
      budgetFen: 3_000_000,
      period: { start: '2026-04-01' },
      requirements: '3 名以上专职社工, 三分之二持证',
      serviceItems: [
        { name: '独居老人探访', category: 'elderly_care' },
        { name: '社区议事协商', category: 'community_governance' },
      ],
    },
  });
  await send(projectDecider, 'proj-station', {
    type: 'PublishProjectForPurchase',
    data: { deadline: new Date(clock.now().getTime() + 6 * DAY).toISOString(), eligibility: { description: '依法登记的社会组织', minimumGrade: 3 } },
  });
  clock.advance(DAY);
  await send(projectDecider, 'proj-station', {
    type: 'SubmitBid',
    data: { bidId: 'bid-a', bidder: await driver.organisation('org-a'), priceFen: 2_800_000, proposal: '同心社工站运营方案' },
  });
  await send(projectDecider, 'proj-station', {
    type: 'SubmitBid',
    data: { bidId: 'bid-b', bidder: await driver.organisation('org-b'), priceFen: 2_500_000, proposal: '老年协会方案' },
  });
  clock.advance(DAY);
  await send(projectDecider, 'proj-station', { type: 'WithdrawBid', data: { bidId: 'bid-b' } });
  // Closed on Wednesday 11 March: the award's one-working-day standstill runs on Thursday, and the station signs at its end, before its first week.
  clock.advance(4 * DAY + HOUR);
  await send(projectDecider, 'proj-station', { type: 'CloseBidding', data: {} });
  await send(projectDecider, 'proj-station', { type: 'AnnounceAward', data: { bidId: 'bid-a', bidder: await driver.organisation('org-a'), standstill: STANDSTILL } });
  clock.set(workingDayPeriodFrom(clock.now(), STANDSTILL.workingDays, NO_HOLIDAYS).endsAt);
  await send(projectDecider, 'proj-station', {
    type: 'AwardContract',
    data: {
      bidId: 'bid-a',
      contractor: await driver.organisation('org-a'),
      contract: { content: '街道社工站运营', termMonths: 36, quantity: '每周不少于 24 小时驻站', quality: '年度评估合格', priceFen: 2_800_000, settlementMethod: '按季度拨付' },
    },
  });
  await send(organisationDecider, 'org-a', {
    type: 'RecordStationContract',
    data: { organisationId: 'org-a', projectId: 'proj-station', district: 'SM', stationLevel: 'street' },
  });
  for (const needId of ['need-01', 'need-02']) {
    await send(needDecider, needId, { type: 'CoverNeedByProject', data: { project: await driver.project('proj-station') } });
  }
  clock.advance(DAY);
  for (const [socialWorkerId, hours] of [['sw-1', 30], ['sw-2', 24], ['sw-3', 24], ['sw-4', 20]] as const) {
    await send(projectDecider, 'proj-station', { type: 'AssignProjectStaff', data: { socialWorker: await driver.socialWorker(socialWorkerId) } });
    await send(socialWorkerDecider, socialWorkerId, { type: 'AssignSocialWorker', data: { socialWorkerId, project: await driver.project('proj-station'), hoursPerWeek: hours } });
  }
  await send(projectDecider, 'proj-station', { type: 'ConfirmStaffOnPost', data: {} });

  // Charity fills part of the station's gap.
  await send(donationDecider, 'don-1', {
    type: 'MatchDonation',
    data: {
      donationId: 'don-1',
      matchId: 'match-07',
      target: { kind: 'project', projectId: 'proj-station', categories: ['elderly_care', 'community_governance'], area: { city: CITY, district: 'SM', street: 'SM-1', community: '' } },
      amountFen: 500_000,
    },
  });
  await send(donationDecider, 'don-1', { type: 'DisburseDonation', data: { donationId: 'don-1', matchId: 'match-07', amountFen: 200_000 } });
  await send(donationDecider, 'don-1', { type: 'DisburseDonation', data: { donationId: 'don-1', matchId: 'match-01', amountFen: 30_000 } });
  await send(donationDecider, 'don-1', { type: 'ReceiptDonation', data: { donationId: 'don-1', receiptNumber: 'XM2026-000123' } });

  // Week of Monday 2026-03-16: sw-1 serves 24 h (rule 2 met), sw-2 16 h, sw-3 8 h, sw-4 8 h.
  clock.set('2026-03-22T04:00:00.000Z');
  const deliveries: [string, string, Record<string, number>, string[], number, number, string][] = [
    ['del-1', '2026-03-16', { 'sw-1': 8, 'sw-2': 8 }, ['vol-1'], 8, 12, AREAS.sm1a.community],
    ['del-2', '2026-03-17', { 'sw-1': 8, 'sw-3': 8 }, [], 8, 5, AREAS.sm1b.community],
    ['del-3', '2026-03-18', { 'sw-1': 8, 'sw-2': 8, 'sw-4': 8 }, ['vol-3'], 8, 20, AREAS.sm1a.community],
  ];
  for (const [deliveryId, deliveredOn, hoursBySocialWorker, volunteerIds, hours, beneficiaries, communityId] of deliveries) {
    await send(projectDecider, 'proj-station', {
      type: 'DeliverService',
      data: {
        deliveryId,
        deliveredBy: { organisationId: 'org-a', socialWorkerIds: Object.keys(hoursBySocialWorker), volunteerIds },
        hoursBySocialWorker,
        category: 'elderly_care',
        serviceItem: { name: '独居老人探访' },
        hours,
        beneficiaries,
        community: await driver.community(communityId),
        deliveredOn,
      },
    });
  }
  await send(volunteerDecider, 'vol-1', { type: 'LogVolunteerHours', data: { entryId: 'hours-1', volunteerId: 'vol-1', assignmentId: 'assign-1', hours: 2.5, servedOn: '2026-03-16' } });
  await send(volunteerDecider, 'vol-1', { type: 'LogVolunteerHours', data: { entryId: 'hours-2', volunteerId: 'vol-1', assignmentId: 'assign-1', hours: 1.5, servedOn: '2026-03-19' } });
  await send(volunteerDecider, 'vol-3', { type: 'LogVolunteerHours', data: { entryId: 'hours-3', volunteerId: 'vol-3', assignmentId: 'assign-2', hours: 3, servedOn: '2026-03-18' } });
  await send(projectDecider, 'proj-station', { type: 'RateService', data: { ratingId: 'rate-1', deliveryId: 'del-1', rating: 'good', score: 5 } });
  await send(projectDecider, 'proj-station', { type: 'RateService', data: { ratingId: 'rate-2', deliveryId: 'del-3', rating: 'bad', score: 2 } });
  await send(projectDecider, 'proj-station', { type: 'RateService', data: { ratingId: 'rate-3', rating: 'good', score: 4 } });
  await send(needDecider, 'need-01', { type: 'FulfilNeed', data: { note: '已安排每周探访' } });

  // --- a community project in SM-2-A: contracted, then ended by an unqualified evaluation (rule 9)
  await send(projectDecider, 'proj-sm2', {
    type: 'DesignProject',
    data: {
      projectId: 'proj-sm2',
      title: '中山社区长者助餐',
      area: AREAS.sm2a,
      kind: 'service_project',
      categories: ['elderly_care'],
      needIds: ['need-12'],
      budgetFen: 400_000,
      period: { start: '2026-04-01', months: 12 },
      requirements: '每日助餐',
      serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    },
  });
  await send(projectDecider, 'proj-sm2', {
    type: 'PublishProjectForPurchase',
    data: { deadline: new Date(clock.now().getTime() + 2 * DAY).toISOString(), eligibility: { description: '依法登记' } },
  });
  await send(projectDecider, 'proj-sm2', {
    type: 'SubmitBid',
    data: { bidId: 'bid-sm2-a', bidder: await driver.organisation('org-a'), priceFen: 380_000, proposal: '助餐点方案' },
  });
  clock.advance(3 * DAY);
  await send(projectDecider, 'proj-sm2', { type: 'CloseBidding', data: {} });
  await send(projectDecider, 'proj-sm2', { type: 'AnnounceAward', data: { bidId: 'bid-sm2-a', bidder: await driver.organisation('org-a'), standstill: STANDSTILL } });
  clock.set(workingDayPeriodFrom(clock.now(), STANDSTILL.workingDays, NO_HOLIDAYS).endsAt);
  await send(projectDecider, 'proj-sm2', {
    type: 'AwardContract',
    data: {
      bidId: 'bid-sm2-a',
      contractor: await driver.organisation('org-a'),
      contract: { content: '长者助餐', termMonths: 12, quantity: '每日 40 份', quality: '满意率 90%', priceFen: 380_000, settlementMethod: '按月' },
    },
  });
  await send(needDecider, 'need-12', { type: 'CoverNeedByProject', data: { project: await driver.project('proj-sm2') } });

  // --- a project in Huli still at the design stage -------------------------------------------------
  await send(projectDecider, 'proj-hl', {
    type: 'DesignProject',
    data: {
      projectId: 'proj-hl',
      title: '钟宅村留守儿童关爱',
      area: AREAS.hl1a,
      kind: 'service_project',
      categories: ['child_welfare', 'education'],
      needIds: ['need-05'],
      budgetFen: 200_000,
      period: { start: '2026-05-01', months: 12 },
      requirements: '课后托管',
      serviceItems: [{ name: '课后托管', category: 'child_welfare' }],
    },
  });

  // April: the March brief is filed, April's is not (overdue once April ends); sm2 is evaluated.
  clock.set('2026-04-03T02:00:00.000Z');
  await send(projectDecider, 'proj-station', {
    type: 'FileReport',
    data: { reportId: 'rep-1', kind: 'monthly_brief', period: '2026-03', summary: '三月驻站服务 56 小时' },
  });
  await send(projectDecider, 'proj-sm2', { type: 'EvaluateContract', data: { year: 2026, grade: 'unqualified', score: 52 } });
  await send(needDecider, 'need-07', { type: 'FulfilNeed', data: { note: '资助到位' } });
  // 特殊困难老年人: three on the registers of SM-1-A and SM-2-A; in April elder-1 and elder-3 are seen at home.
  for (const [elderId, key] of [['elder-1', 'sm1a'], ['elder-2', 'sm1a'], ['elder-3', 'sm2a']] as const) {
    await send(elderDecider, elderId, {
      type: 'RegisterElderInDifficulty',
      data: { elderId, community: await driver.community(AREAS[key].community), beneficiaryRef: `vault:person:${elderId}`, circumstances: ['living_alone'] },
    });
  }
  const visit = (visitId: string, visitedOn: string, outcome: 'well' | 'not_met') =>
    ({ type: 'RecordHomeVisit', data: { visitId, visitedOn, visitor: { kind: 'social_worker', ref: 'sw-1' }, outcome } }) as const;
  await send(elderDecider, 'elder-1', visit('visit-1', '2026-04-03', 'well'));
  await send(elderDecider, 'elder-3', visit('visit-2', '2026-04-03', 'well'));

  // May: vol-6 joins in SM-2-A, serves 5.25 hours on need-04 and leaves; served hours stay served.
  clock.set('2026-05-04T02:00:00.000Z');
  await send(volunteerDecider, 'vol-6', { type: 'RegisterVolunteer', data: { volunteerId: 'vol-6', personRef: 'vault:person:vol-6', area: AREAS.sm2a, registeredOn: '2026-05-04' } });
  await send(volunteerDecider, 'vol-6', { type: 'DeclareVolunteerAvailability', data: { volunteerId: 'vol-6', hoursPerWeek: 4, windows: [] } });
  await send(volunteerDecider, 'vol-6', {
    type: 'AssignVolunteer',
    data: { volunteerId: 'vol-6', assignmentId: 'assign-6', target: { kind: 'need', needId: 'need-04' }, hoursPerWeek: 2 },
  });
  await send(volunteerDecider, 'vol-6', { type: 'LogVolunteerHours', data: { entryId: 'hours-4', volunteerId: 'vol-6', assignmentId: 'assign-6', hours: 5.25, servedOn: '2026-05-04' } });
  await send(volunteerDecider, 'vol-6', { type: 'DeregisterVolunteer', data: { volunteerId: 'vol-6', reason: '搬离社区' } });
  // May's visits: elder-1 seen, nobody home at elder-2's; elder-3 moves into a care home and leaves the register.
  await send(elderDecider, 'elder-1', visit('visit-3', '2026-05-04', 'well'));
  await send(elderDecider, 'elder-2', visit('visit-4', '2026-05-04', 'not_met'));
  await send(elderDecider, 'elder-3', { type: 'RemoveElderInDifficulty', data: { reason: 'entered_care_home' } });

  clock.set('2026-05-06T02:00:00.000Z');
  return { needs, endedAt: clock.now(), headPosition: await store.headPosition() };
}
