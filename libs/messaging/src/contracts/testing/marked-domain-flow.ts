/**
 * A test flow that produces every stored event type through the real deciders, with a marker in
 * every field that holds personal data or free text. A published message that contains one of
 * the markers leaks something the contract promised to keep inside.
 */
import {
  chinaDateOf,
  chinaDateTimeOf,
  communityDecider,
  domainEventRegistry,
  donationDecider,
  matchingPoolDecider,
  grantRoundDecider,
  elderDecider,
  needDecider,
  organisationDecider,
  personDecider,
  projectDecider,
  socialWorkerDecider,
  toCommunityFacts,
  toOrganisationFacts,
  toProjectFacts,
  toSocialWorkerFacts,
  volunteerDecider,
  webhookDecider,
  type Decider,
  type DomainCommand,
  type DomainEvent,
} from '#domain';
import { AggregateStore, type EventStore } from '#event-store';

export const MARKER_PREFIX = 'PII-MARKER';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface MarkedFlowResult {
  /** Every marker value put into the flow; none may appear in a published message. */
  markers: string[];
  headPosition: number;
}

export interface MarkedFlowOptions {
  /** Where the flow starts; its deliveries and reports must not lie in the future of the real clock. */
  start?: Date;
  /** Prefix for every id, so the flow can run twice in one store. */
  idPrefix?: string;
}

/** Runs the flow; about 100 events over every event type in the domain registry. */
export async function runMarkedDomainFlow(store: EventStore, options: MarkedFlowOptions = {}): Promise<MarkedFlowResult> {
  // Two purchases each wait out a standstill of 7 working days (质疑期), one of them twice.
  let now = new Date(options.start ?? Date.now() - 60 * DAY);
  const aggregates = new AggregateStore(store, domainEventRegistry, { clock: () => new Date(now) });
  const markers: string[] = [];
  const mark = (field: string): string => {
    const value = `${MARKER_PREFIX}-${field}`;
    markers.push(value);
    return value;
  };
  // Values whose format the domain checks: still unique enough to scan for.
  const markExactly = (value: string): string => {
    markers.push(value);
    return value;
  };
  const idOf = (name: string) => `${options.idPrefix ?? ''}${name}`;
  let commandCount = 0;
  const send = async <State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    aggregateId: string,
    command: Command,
    role = 'civil_affairs_bureau',
  ) => {
    commandCount += 1;
    // The acting user's id is personal too; the envelope's idempotency key is the client's.
    return aggregates.handle(decider, aggregateId, command, {
      correlationId: `marked-flow-${commandCount}`,
      causationId: null,
      actor: { id: mark(`actor-${commandCount}`), role },
      idempotencyKey: mark(`idempotency-key-${commandCount}`),
      requestHash: `hash-${commandCount}`,
    });
  };
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const today = () => chinaDateOf(now);
  const community = async (communityId: string) => toCommunityFacts((await aggregates.load(communityDecider, communityId)).state);
  const organisation = async (organisationId: string) => toOrganisationFacts((await aggregates.load(organisationDecider, organisationId)).state);
  const socialWorker = async (socialWorkerId: string) => toSocialWorkerFacts((await aggregates.load(socialWorkerDecider, socialWorkerId)).state);
  const project = async (projectId: string) => toProjectFacts((await aggregates.load(projectDecider, projectId)).state);

  // --- communities ------------------------------------------------------------------------------
  const c1 = idOf('c-1');
  const c2 = idOf('c-2');
  await send(communityDecider, c1, {
    type: 'RegisterCommunity',
    data: { communityId: c1, name: mark('community-name'), area: { city: 'XM', district: 'SM', street: 'SM-1' }, kind: 'urban', residents: 5000, households: 2000 },
  });
  await send(communityDecider, c2, {
    type: 'RegisterCommunity',
    data: { communityId: c2, name: mark('village-name'), area: { city: 'XM', district: 'HL', street: 'HL-1' }, kind: 'rural', residents: 1800, households: 600 },
  });
  await send(communityDecider, c1, { type: 'UpdateCommunityPopulation', data: { communityId: c1, residents: 5200, households: 2100 } });
  const area1 = (await community(c1)).area;
  const area2 = (await community(c2)).area;

  // --- organisations ----------------------------------------------------------------------------
  const org1 = idOf('org-1');
  const org2 = idOf('org-2');
  const org3 = idOf('org-3');
  const org4 = idOf('org-4');
  const register = (organisationId: string, code: string, seat: typeof area1 | null, district = 'SM') =>
    send(organisationDecider, organisationId, {
      type: 'RegisterOrganisation',
      data: {
        organisationId,
        name: mark(`organisation-name-${organisationId}`),
        kind: organisationId === org1 ? 'social_work_agency' : 'social_organisation',
        unifiedSocialCreditCode: markExactly(code),
        budgetFunded: false,
        city: area1.city,
        district,
        area: seat,
        serviceCategories: ['elderly_care', 'community_governance'],
        capacity: 3,
      },
    });
  await register(org1, '91350200MARKER0001', null);
  await register(org2, '52350200MARKER0002', area1);
  await register(org3, '52350200MARKER0003', area2, 'HL');
  await register(org4, '52350200MARKER0004', null);
  const lastYear = Number(today().slice(0, 4)) - 1;
  await send(organisationDecider, org1, { type: 'RecordAnnualInspection', data: { organisationId: org1, year: lastYear, result: 'passed' } });
  await send(organisationDecider, org1, { type: 'GradeOrganisation', data: { organisationId: org1, grade: 4, year: lastYear } });
  await send(organisationDecider, org2, {
    type: 'RecordAnnualInspection',
    data: { organisationId: org2, year: lastYear, result: 'failed', reason: mark('inspection-reason') },
  });
  await send(organisationDecider, org3, { type: 'SuspendOrganisation', data: { organisationId: org3, reason: mark('suspension-reason') } });
  await send(organisationDecider, org3, { type: 'ReinstateOrganisation', data: { organisationId: org3, reason: mark('reinstatement-reason') } });
  await send(organisationDecider, org3, { type: 'DeregisterOrganisation', data: { organisationId: org3, reason: mark('deregistration-reason') } });

  // --- social workers ---------------------------------------------------------------------------
  const [sw1, sw2, sw3, sw4] = ['sw-1', 'sw-2', 'sw-3', 'sw-4'].map(idOf) as [string, string, string, string];
  for (const [socialWorkerId, degree] of [[sw1, false], [sw2, true], [sw3, false]] as const) {
    await send(socialWorkerDecider, socialWorkerId, {
      type: 'RegisterSocialWorker',
      data: { socialWorkerId, personRef: mark(`person-ref-${socialWorkerId}`), base: { level: 'community', area: area1 }, hasSocialWorkDegree: degree, employerOrganisationId: org1 },
    });
  }
  await send(socialWorkerDecider, sw4, {
    type: 'RegisterSocialWorker',
    data: { socialWorkerId: sw4, personRef: mark('person-ref-sw-4'), base: { level: 'district', city: 'XM', district: 'HL' }, hasSocialWorkDegree: false, employerOrganisationId: null },
  });
  await send(socialWorkerDecider, sw1, {
    type: 'CertifySocialWorker',
    data: { socialWorkerId: sw1, grade: 'intermediate', certificateNumber: mark('certificate-number'), certifiedOn: today() },
  });
  await send(socialWorkerDecider, sw4, { type: 'ChangeEmployer', data: { socialWorkerId: sw4, employerOrganisationId: org4 } });
  await send(socialWorkerDecider, sw4, { type: 'DeregisterSocialWorker', data: { socialWorkerId: sw4, reason: mark('social-worker-deregistration') } });

  // --- needs --------------------------------------------------------------------------------------
  const n1 = idOf('need-1');
  const n2 = idOf('need-2');
  const n3 = idOf('need-3');
  const listNeed = async (needId: string, communityId: string, category: 'elderly_care' | 'child_welfare') =>
    send(needDecider, needId, {
      type: 'ListNeed',
      data: {
        needId,
        community: await community(communityId),
        category,
        title: mark(`need-title-${needId}`),
        description: mark(`need-description-${needId}`),
        urgency: 'high',
        beneficiaryRef: mark(`beneficiary-ref-${needId}`),
        beneficiaries: 2,
        requiredSkills: [mark(`required-skill-${needId}`)],
        hoursPerWeek: 4,
        amountFen: 30_000,
        window: { from: today(), to: chinaDateOf(new Date(now.getTime() + 60 * DAY)) },
        source: 'visit',
      },
    });
  await listNeed(n1, c1, 'elderly_care');
  advance(HOUR);
  await listNeed(n2, c2, 'child_welfare');
  advance(HOUR);
  await listNeed(n3, c1, 'elderly_care');
  await send(needDecider, n1, { type: 'VerifyNeed', data: {} });
  await send(needDecider, n1, { type: 'ReconfirmNeed', data: { note: mark('reconfirmation note') } });
  await send(needDecider, n2, { type: 'WithdrawNeed', data: { reason: mark('withdrawal-reason') } });
  await send(needDecider, n3, { type: 'DeclineMatchProposal', data: { resourceKey: `organisation:${org4}`, reason: mark('decline-reason') } });
  // The freshness clock: n3 unconfirmed for a (one-day) period.
  advance(DAY);
  await send(needDecider, n3, { type: 'MarkNeedStale', data: { staleAfterDays: 1 } });

  // --- volunteers ---------------------------------------------------------------------------------
  const vol1 = idOf('vol-1');
  const vol2 = idOf('vol-2');
  const personRefs = new Map<string, string>();
  for (const volunteerId of [vol1, vol2]) {
    personRefs.set(volunteerId, mark(`person-ref-${volunteerId}`));
    await send(volunteerDecider, volunteerId, {
      type: 'RegisterVolunteer',
      data: { volunteerId, personRef: personRefs.get(volunteerId)!, area: area1, registeredOn: today() },
    });
  }
  await send(volunteerDecider, vol1, {
    type: 'DeclareVolunteerSkills',
    data: { volunteerId: vol1, skills: [mark('volunteer-skill')], categories: ['elderly_care'] },
  });
  await send(volunteerDecider, vol1, {
    type: 'DeclareVolunteerAvailability',
    data: { volunteerId: vol1, hoursPerWeek: 6, windows: [{ weekday: 6, from: '09:00', to: '12:00' }, { weekday: 7, from: '14:00', to: '17:00' }] },
  });
  await send(volunteerDecider, vol1, {
    type: 'AssignVolunteer',
    data: { volunteerId: vol1, assignmentId: idOf('assign-1'), target: { kind: 'need', needId: n1 }, hoursPerWeek: 2 },
  });
  await send(needDecider, n1, { type: 'RecordResourceMatch', data: { matchId: idOf('assign-1'), resource: { kind: 'volunteer', id: vol1 }, hoursPerWeek: 2 } });
  await send(volunteerDecider, vol1, { type: 'LogVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-1'), assignmentId: idOf('assign-1'), hours: 2.5, servedOn: today() } });
  // Self-reported hours wait for the coordinator: one confirmed, one declined (its reason stays inside).
  await send(volunteerDecider, vol1, { type: 'LogVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-2'), assignmentId: idOf('assign-1'), hours: 1, servedOn: today() } }, 'volunteer');
  await send(volunteerDecider, vol1, { type: 'ConfirmVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-2') } });
  await send(volunteerDecider, vol1, { type: 'LogVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-3'), assignmentId: idOf('assign-1'), hours: 1, servedOn: today() } }, 'volunteer');
  await send(volunteerDecider, vol1, { type: 'DeclineVolunteerHours', data: { volunteerId: vol1, entryId: idOf('hours-3'), reason: mark('hours-decline-reason') } });
  // 扫码签到签退: a session, a check-in and a check-out two hours later, with the code's claims as verified.
  const session1 = idOf('session-1');
  const code = () => ({ sessionId: session1, volunteerId: vol1, expiresAt: new Date(now.getTime() + 5 * 60_000).toISOString() });
  await send(volunteerDecider, vol1, { type: 'OpenServiceSession', data: { volunteerId: vol1, assignmentId: idOf('assign-1'), sessionId: session1 } });
  await send(volunteerDecider, vol1, { type: 'CheckInVolunteer', data: { volunteerId: vol1, sessionId: session1, code: code() } });
  advance(2 * HOUR);
  await send(volunteerDecider, vol1, { type: 'CheckOutVolunteer', data: { volunteerId: vol1, sessionId: session1, code: code() } });
  await send(volunteerDecider, vol2, { type: 'DeregisterVolunteer', data: { volunteerId: vol2, reason: mark('volunteer-deregistration') } });
  // 个人信息删除: the departed volunteer's data is erased; the fact names it by its vault reference only.
  await send(personDecider, personRefs.get(vol2)!, { type: 'ErasePersonalData', data: { personRef: personRefs.get(vol2)!, records: [{ kind: 'volunteer', id: vol2, area: area1 }] } });

  // --- donations ----------------------------------------------------------------------------------
  const d1 = idOf('don-1');
  const d2 = idOf('don-2');
  await send(donationDecider, d1, {
    type: 'PledgeDonation',
    data: {
      donationId: d1,
      donor: { kind: 'enterprise', displayName: mark('donor-name'), donorRef: mark('donor-ref-enterprise') },
      resource: 'money',
      amountFen: 1_000_000,
      description: mark('donation-description'),
      earmark: { category: 'elderly_care', district: 'SM' },
      area: area1,
      autoMatch: { categories: ['elderly_care'], maxPerNeedFen: 50_000 },
    },
  });
  await send(donationDecider, d2, {
    type: 'PledgeDonation',
    data: {
      donationId: d2,
      donor: { kind: 'resident', displayName: '匿名', donorRef: mark('donor-ref-resident') },
      resource: 'goods',
      amountFen: 20_000,
      description: mark('goods-description'),
      area: area2,
      expiresOn: chinaDateOf(new Date(now.getTime() + DAY)),
    },
  });
  advance(2 * HOUR);
  const n1Facts = { needId: n1, category: 'elderly_care' as const, area: area1 };
  await send(donationDecider, d1, {
    type: 'MatchDonation',
    data: { donationId: d1, matchId: idOf('match-1'), target: { kind: 'need', ...n1Facts }, amountFen: 30_000 },
  });
  await send(needDecider, n1, { type: 'RecordResourceMatch', data: { matchId: idOf('match-1'), resource: { kind: 'donation', id: d1 }, amountFen: 30_000 } });
  await send(donationDecider, d1, { type: 'DisburseDonation', data: { donationId: d1, matchId: idOf('match-1'), amountFen: 10_000 } });
  // 配捐: a pool the policy tells of gift match-1 (matched) and of one the sponsor gave itself (left unmatched); the gift's release reverses it.
  const pool1 = idOf('pool-1');
  const beijingMinute = (instant: Date) => chinaDateTimeOf(instant).slice(0, 16);
  await send(matchingPoolDecider, pool1, {
    type: 'PledgeMatchingPool',
    data: {
      poolId: pool1,
      sponsor: { kind: 'community_foundation', displayName: mark('pool-sponsor-name') },
      pledgedFen: 500_000,
      ratio: { gift: 1, match: 1 },
      perDonorCapFen: 20_000,
      perTargetCapFen: 100_000,
      opensAt: beijingMinute(new Date(now.getTime() - DAY)),
      closesAt: beijingMinute(new Date(now.getTime() + 30 * DAY)),
      area: area1,
    },
  });
  // The pledging actor's account is the pool's owner (the flow's actors carry no issuer).
  const sponsorAccount = `${MARKER_PREFIX}-actor-${commandCount}`;
  const poolGift = (matchId: string, donorAccount: string) => ({
    donationId: d1, matchId, donorAccount, donorKind: 'enterprise' as const, resource: 'money' as const,
    target: { kind: 'need' as const, ...n1Facts }, amountFen: 30_000, givenAt: now.toISOString(),
  });
  await send(matchingPoolDecider, pool1, { type: 'MatchGift', data: { poolId: pool1, gift: poolGift(idOf('match-1'), mark('gift-donor-account')) } });
  await send(matchingPoolDecider, pool1, { type: 'MatchGift', data: { poolId: pool1, gift: poolGift(idOf('match-own'), sponsorAccount) } });
  await send(matchingPoolDecider, pool1, { type: 'ReverseGiftMatch', data: { poolId: pool1, donationId: d1, matchId: idOf('match-1'), reason: mark('gift-reversal-reason') } });
  await send(matchingPoolDecider, pool1, { type: 'TopUpMatchingPool', data: { poolId: pool1, amountFen: 10_000 } });
  await send(matchingPoolDecider, pool1, { type: 'CloseMatchingPool', data: { poolId: pool1 } });
  await send(donationDecider, d1, { type: 'ReceiptDonation', data: { donationId: d1, receiptNumber: mark('receipt-number') } });
  await send(donationDecider, d1, { type: 'RefundDonation', data: { donationId: d1, amountFen: 5_000, reason: mark('refund-reason') } });

  // --- a service project: designed, bought, staffed, delivered, rated, evaluated, completed ---------
  const p1 = idOf('proj-1');
  const p2 = idOf('proj-2');
  const design = (projectId: string, needIds: string[]) =>
    send(projectDecider, projectId, {
      type: 'DesignProject',
      data: {
        projectId,
        title: mark(`project-title-${projectId}`),
        area: area1,
        kind: 'service_project',
        categories: ['elderly_care'],
        needIds,
        budgetFen: 400_000,
        period: { start: today(), months: 12 },
        requirements: mark(`project-requirements-${projectId}`),
        serviceItems: [{ name: mark(`service-item-${projectId}`), category: 'elderly_care' }],
      },
    });
  const buy = async (projectId: string, bidId: string) => {
    await send(projectDecider, projectId, {
      type: 'PublishProjectForPurchase',
      data: { deadline: new Date(now.getTime() + 2 * DAY).toISOString(), eligibility: { description: mark(`eligibility-${projectId}`), minimumGrade: 0 } },
    });
    await send(projectDecider, projectId, {
      type: 'SubmitBid',
      data: { bidId, bidder: await organisation(org1), priceFen: 380_000, proposal: mark(`proposal-${bidId}`) },
    });
  };
  const standstill = { workingDays: 7, calendar: { holidays: [], adjustedWorkingDays: [] } };
  const announce = async (projectId: string, bidId: string) => {
    await send(projectDecider, projectId, { type: 'CloseBidding', data: {} });
    await send(projectDecider, projectId, { type: 'AnnounceAward', data: { bidId, bidder: await organisation(org1), standstill } });
  };
  const award = async (projectId: string, bidId: string, options: { announced?: boolean } = {}) => {
    if (!options.announced) await announce(projectId, bidId);
    // Past the standstill: seven working days are at most eleven calendar days after the announcement.
    advance(12 * DAY);
    await send(projectDecider, projectId, {
      type: 'AwardContract',
      data: {
        bidId,
        contractor: await organisation(org1),
        contract: {
          content: mark(`contract-content-${projectId}`),
          termMonths: 12,
          quantity: mark(`contract-quantity-${projectId}`),
          quality: mark(`contract-quality-${projectId}`),
          priceFen: 380_000,
          settlementMethod: mark(`settlement-${projectId}`),
        },
      },
    });
  };
  await design(p1, [n1]);
  await send(needDecider, n1, { type: 'CoverNeedByProject', data: { project: await project(p1) } });
  await buy(p1, idOf('bid-1'));
  await send(projectDecider, p1, {
    type: 'SubmitBid',
    data: { bidId: idOf('bid-2'), bidder: await organisation(org4), priceFen: 390_000, proposal: mark('proposal-bid-2') },
  });
  await send(projectDecider, p1, { type: 'WithdrawBid', data: { bidId: idOf('bid-2') } });
  advance(3 * DAY);
  await award(p1, idOf('bid-1'));
  await send(organisationDecider, org1, { type: 'RecordStationContract', data: { organisationId: org1, projectId: p1, district: 'SM', stationLevel: 'street' } });
  await send(organisationDecider, org1, {
    type: 'ReleaseStationContract',
    data: { organisationId: org1, projectId: p1, reason: mark('station-release-reason') },
  });
  for (const socialWorkerId of [sw1, sw2, sw3]) {
    await send(projectDecider, p1, { type: 'AssignProjectStaff', data: { socialWorker: await socialWorker(socialWorkerId) } });
    await send(socialWorkerDecider, socialWorkerId, { type: 'AssignSocialWorker', data: { socialWorkerId, project: await project(p1), hoursPerWeek: 10 } });
  }
  await send(projectDecider, p1, { type: 'ReleaseProjectStaff', data: { socialWorkerId: sw3, reason: mark('staff-release-reason') } });
  await send(socialWorkerDecider, sw3, { type: 'ReleaseSocialWorker', data: { socialWorkerId: sw3, projectId: p1, reason: mark('social-worker-release-reason') } });
  await send(projectDecider, p1, { type: 'ConfirmStaffOnPost', data: {} });
  await send(donationDecider, d1, {
    type: 'MatchDonation',
    data: { donationId: d1, matchId: idOf('match-2'), target: { kind: 'project', projectId: p1, categories: ['elderly_care'], area: area1 }, amountFen: 100_000 },
  });
  await send(donationDecider, d1, { type: 'ReleaseDonationMatch', data: { donationId: d1, matchId: idOf('match-2'), reason: mark('match-release-reason') } });
  advance(DAY);
  await send(projectDecider, p1, {
    type: 'DeliverService',
    data: {
      deliveryId: idOf('del-1'),
      deliveredBy: { organisationId: org1, socialWorkerIds: [sw1, sw2], volunteerIds: [vol1] },
      hoursBySocialWorker: { [sw1]: 3, [sw2]: 2.5 },
      category: 'elderly_care',
      serviceItem: { name: mark('delivered-service-item') },
      hours: 3,
      beneficiaries: 4,
      community: await community(c1),
      deliveredOn: today(),
    },
  });
  await send(projectDecider, p1, { type: 'RateService', data: { ratingId: idOf('rate-1'), deliveryId: idOf('del-1'), rating: 'good', score: 5, comment: mark('rating-comment') } });
  await send(projectDecider, p1, { type: 'RateService', data: { ratingId: idOf('rate-2'), rating: 'bad', score: 2, comment: mark('rating-comment-2') } });
  await send(projectDecider, p1, {
    type: 'FileReport',
    data: { reportId: idOf('rep-1'), kind: 'monthly_brief', period: today().slice(0, 7), summary: mark('monthly-summary') },
  });
  await send(projectDecider, p1, { type: 'FileReport', data: { reportId: idOf('rep-2'), kind: 'mid_term', period: mark('mid-term-span'), summary: mark('mid-term-summary') } });
  await send(projectDecider, p1, { type: 'FileReport', data: { reportId: idOf('rep-3'), kind: 'final', period: mark('final-span'), summary: mark('final-summary') } });
  await send(projectDecider, p1, { type: 'EvaluateContract', data: { year: Number(today().slice(0, 4)), grade: 'good', score: 86 } });
  await send(projectDecider, p1, { type: 'CompleteProject', data: {} });
  await send(needDecider, n1, { type: 'FulfilNeed', data: { note: mark('fulfilment-note') } });

  // --- a second project whose contract the bureau terminates --------------------------------------
  await design(p2, [n3]);
  await buy(p2, idOf('bid-3'));
  await send(projectDecider, p2, { type: 'SubmitBid', data: { bidId: idOf('bid-4'), bidder: await organisation(org4), priceFen: 390_000, proposal: mark('proposal-bid-4') } });
  advance(3 * DAY);
  // 质疑: the losing bidder challenges; upheld, bidding reopens; the second award is challenged again and the challenge dismissed.
  await announce(p2, idOf('bid-3'));
  await send(projectDecider, p2, { type: 'LodgeChallenge', data: { challengeId: idOf('challenge-1'), organisationId: org4, grounds: mark('challenge-grounds-1') } });
  await send(projectDecider, p2, {
    type: 'AnswerChallenge',
    data: { challengeId: idOf('challenge-1'), outcome: 'upheld', reasons: mark('challenge-upheld-reasons'), biddingDeadline: new Date(now.getTime() + 2 * DAY).toISOString() },
  });
  advance(3 * DAY);
  await announce(p2, idOf('bid-3'));
  await send(projectDecider, p2, { type: 'LodgeChallenge', data: { challengeId: idOf('challenge-2'), organisationId: org4, grounds: mark('challenge-grounds-2') } });
  await send(projectDecider, p2, { type: 'AnswerChallenge', data: { challengeId: idOf('challenge-2'), outcome: 'dismissed', reasons: mark('challenge-dismissed-reasons') } });
  await award(p2, idOf('bid-3'), { announced: true });
  await send(projectDecider, p2, { type: 'TerminateContract', data: { reason: mark('termination-reason') } });

  // --- the resident's goods lapse ------------------------------------------------------------------
  advance(2 * DAY);
  await send(volunteerDecider, vol1, { type: 'EndVolunteerAssignment', data: { volunteerId: vol1, assignmentId: idOf('assign-1'), reason: mark('assignment-end-reason') } });
  await send(donationDecider, d2, { type: 'ExpireDonation', data: { donationId: d2 } });

  // --- a donor's webhook subscription, rotated and removed (withheld from the contract) -------------
  const hook = idOf('hook-1');
  const url = `https://hooks.example.org/${mark('webhook-path')}`;
  await send(webhookDecider, hook, { type: 'SubscribeWebhook', data: { subscriptionId: hook, subscriber: { account: mark('webhook-account') }, area: { city: 'xiamen' }, url, allowPrivateTargets: false } });
  await send(webhookDecider, hook, { type: 'RotateWebhookSecret', data: { subscriptionId: hook } });
  await send(webhookDecider, hook, { type: 'RemoveWebhookSubscription', data: { subscriptionId: hook } });
  // --- 特殊困难老年人: on the register, visited (seen and not), one leaves ---------------------------------
  const elder1 = idOf('elder-1');
  const elder2 = idOf('elder-2');
  for (const elderId of [elder1, elder2]) {
    await send(elderDecider, elderId, {
      type: 'RegisterElderInDifficulty',
      data: { elderId, community: await community(c1), beneficiaryRef: mark(`elder-ref-${elderId}`), circumstances: ['living_alone', 'advanced_age'] },
    });
  }
  await send(elderDecider, elder1, {
    type: 'RecordHomeVisit',
    data: { visitId: idOf('visit-1'), visitedOn: today(), visitor: { kind: 'committee_member', ref: mark('visitor-account') }, outcome: 'concern' },
  });
  await send(elderDecider, elder2, {
    type: 'RecordHomeVisit',
    data: { visitId: idOf('visit-2'), visitedOn: today(), visitor: { kind: 'volunteer', ref: vol1 }, outcome: 'not_met' },
  });
  await send(elderDecider, elder2, { type: 'RemoveElderInDifficulty', data: { reason: 'moved_away' } });

  // --- 公益创投: a round opened, a reviewer with a declared tie, two applications (one withdrawn), a recusal, scored, awarded ---
  const round1 = idOf('grant-round-1');
  const wallClock = (instant: Date) => chinaDateTimeOf(instant).slice(0, 16);
  await send(grantRoundDecider, round1, {
    type: 'OpenGrantRound',
    data: {
      roundId: round1,
      title: mark('grant-round-title'),
      funder: { kind: 'civil_affairs_bureau', name: mark('grant-funder-name') },
      area: area1,
      criteria: [{ name: mark('grant-criterion-1'), points: 60 }, { name: mark('grant-criterion-2'), points: 40 }],
      budgetFen: 1_000_000,
      passingScore: 60,
      applicationDeadline: wallClock(new Date(now.getTime() + DAY)),
      reviewDeadline: wallClock(new Date(now.getTime() + 3 * DAY)),
    },
  });
  const reviewerAccount = mark('grant-reviewer-account');
  await send(grantRoundDecider, round1, { type: 'AppointGrantReviewer', data: { roundId: round1, reviewerAccount, declaredTies: [mark('grant-declared-tie')] } });
  for (const [applicationId, organisationId] of [[idOf('grant-app-1'), org1], [idOf('grant-app-2'), org4]] as const) {
    await send(grantRoundDecider, round1, {
      type: 'SubmitGrantApplication',
      data: {
        roundId: round1,
        applicationId,
        organisation: await organisation(organisationId),
        design: {
          title: mark(`grant-project-title-${applicationId}`),
          category: 'elderly_care',
          summary: mark(`grant-project-summary-${applicationId}`),
          beneficiaries: 30,
          budgetLines: [{ item: mark(`grant-budget-item-${applicationId}`), amountFen: 400_000 }],
        },
        communities: [await community(c1)],
      },
    }, 'social_organisation');
  }
  await send(grantRoundDecider, round1, { type: 'WithdrawGrantApplication', data: { roundId: round1, applicationId: idOf('grant-app-2'), reason: mark('grant-withdrawal-reason') } }, 'social_organisation');
  advance(DAY + HOUR);
  await send(grantRoundDecider, round1, { type: 'CloseGrantApplications', data: { roundId: round1 } });
  // A second reviewer stands aside from the application (回避): the one remaining review is then all it needs.
  const recusingAccount = mark('grant-recusing-reviewer-account');
  await send(grantRoundDecider, round1, { type: 'AppointGrantReviewer', data: { roundId: round1, reviewerAccount: recusingAccount, declaredTies: [] } });
  await send(grantRoundDecider, round1, { type: 'RecuseGrantReviewer', data: { roundId: round1, applicationId: idOf('grant-app-1'), reviewerAccount: recusingAccount, reason: 'kinship' } }, 'social_worker');
  await send(grantRoundDecider, round1, {
    type: 'ScoreGrantApplication',
    data: {
      roundId: round1,
      applicationId: idOf('grant-app-1'),
      reviewer: { account: reviewerAccount, organisationId: null, employerOrganisationId: null },
      scores: [{ criterionId: 'c1', score: 50 }, { criterionId: 'c2', score: 30 }],
    },
  }, 'social_worker');
  await send(grantRoundDecider, round1, { type: 'AwardGrantRound', data: { roundId: round1 } });

  // --- an operator corrects a stored fact (withheld from the contract) ------------------------------
  const [registration] = await store.readStream(`community-${c2}`);
  await aggregates.correct(
    `community-${c2}`,
    { eventId: registration!.eventId, data: { ...(registration!.data as object), name: mark('corrected-village-name') }, reason: mark('correction-reason') },
    { correlationId: 'marked-flow-correction', causationId: null, actor: { id: mark('operator'), role: 'operator' } },
  );

  return { markers, headPosition: await store.headPosition() };
}
