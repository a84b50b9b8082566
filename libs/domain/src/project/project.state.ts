/** What a project's history folds into: only what its decisions and the rule checks read. */
import type { Area, Fen, ServiceCategory } from '../shared/values.js';
import { AppendOnlyLog } from './append-only-log.js';
import type { ProjectEvent, ProjectKind, StationLevel } from './project.events.js';

/** 'awarded': the award is announced, its standstill running or run (公示期); 'challenged': a challenge awaits the bureau's answer (质疑中). */
export type ProjectStatus = 'designed' | 'published' | 'bidding_closed' | 'awarded' | 'challenged' | 'contracted' | 'terminated' | 'completed';

/** The award announced and not cancelled: the one bid a contract may be signed for, once its standstill is over. */
export interface AwardState {
  readonly bidId: string;
  readonly organisationId: string;
  readonly standstillEndsAt: string;
  readonly standstillLastDay: string;
}

export type ChallengeStatus = 'open' | 'upheld' | 'dismissed' | 'lapsed';

export interface Challenge {
  readonly challengeId: string;
  readonly organisationId: string;
  readonly status: ChallengeStatus;
}

export const openChallenges = (project: DesignedProject): Challenge[] => project.challenges.filter((challenge) => challenge.status === 'open');

export interface Bid {
  readonly bidId: string;
  readonly organisationId: string;
  readonly priceFen: Fen;
  readonly withdrawn: boolean;
}

export interface ContractState {
  readonly bidId: string;
  readonly organisationId: string;
  readonly signedAt: string;
  readonly staffOnPostDeadline: string;
  readonly endsAt: string;
  readonly termMonths: number;
  /** socialWorkerId -> qualified (rule 1), for the staff currently assigned. */
  readonly staff: Readonly<Record<string, boolean>>;
  readonly staffOnPostAt: string | null;
  /** Every delivery: makes DeliverService idempotent and sums weekly hours (rule 2). */
  readonly deliveryLog: AppendOnlyLog<DeliveryRecord>;
  readonly deliveries: number;
  readonly deliveredHours: number;
  readonly beneficiariesServed: number;
  readonly reportIds: ReadonlySet<string>;
  /** 'YYYY-MM' of the monthly briefs filed. */
  readonly monthlyBriefs: ReadonlySet<string>;
  readonly midTermFiled: boolean;
  readonly finalFiled: boolean;
  readonly evaluatedYears: readonly number[];
  /** Residents' ratings can be as many as deliveries. */
  readonly ratingIds: AppendOnlyLog<string>;
  /** `<deliveryId or ''>|<resident account>` of every resident's rating: one per delivery and resident. */
  readonly residentRatings: ReadonlySet<string>;
}

/** The key of one resident's rating of one delivery (the project as a whole when no delivery is named). */
export const residentRatingKey = (deliveryId: string | null, residentRater: string): string => `${deliveryId ?? ''}|${residentRater}`;

export interface DeliveryRecord {
  readonly deliveryId: string;
  readonly weekOf: string;
  readonly hoursBySocialWorker: Readonly<Record<string, number>>;
}

export const hasDelivery = (contract: ContractState, deliveryId: string): boolean =>
  contract.deliveryLog.some((delivery) => delivery.deliveryId === deliveryId);

/** socialWorkerId -> hours served in the week starting `weekOf` (a Monday). */
export const weeklyHoursOf = (contract: ContractState, weekOf: string): Record<string, number> => {
  const hours: Record<string, number> = {};
  contract.deliveryLog.forEach((delivery) => {
    if (delivery.weekOf !== weekOf) return;
    for (const [id, served] of Object.entries(delivery.hoursBySocialWorker)) hours[id] = (hours[id] ?? 0) + served;
  });
  return hours;
};

export interface DesignedProject {
  readonly status: ProjectStatus;
  readonly projectId: string;
  readonly area: Area;
  readonly kind: ProjectKind;
  readonly stationLevel: StationLevel | null;
  readonly categories: readonly ServiceCategory[];
  readonly needIds: readonly string[];
  readonly budgetFen: Fen;
  readonly bidding: { readonly deadline: string; readonly minimumGrade: number } | null;
  /** In submission order: BiddingClosed lists the standing ones in that order. */
  readonly bids: readonly Bid[];
  readonly award: AwardState | null;
  /** Every challenge lodged in this purchase, in order, with where it stands. */
  readonly challenges: readonly Challenge[];
  readonly contract: ContractState | null;
}

export type ProjectState = { readonly status: 'absent' } | DesignedProject;

const withChallengeStatus = (challenges: readonly Challenge[], challengeIds: readonly string[], status: ChallengeStatus): Challenge[] =>
  challenges.map((challenge) => (challengeIds.includes(challenge.challengeId) ? { ...challenge, status } : challenge));

const withContract = (project: DesignedProject, change: (contract: ContractState) => ContractState): DesignedProject =>
  project.contract ? { ...project, contract: change(project.contract) } : project;

export const evolveProject = (state: ProjectState, event: ProjectEvent): ProjectState => {
  if (event.type === 'ProjectDesigned') {
    const data = event.data;
    return {
      status: 'designed',
      projectId: data.projectId,
      area: data.area,
      kind: data.kind,
      stationLevel: data.stationLevel,
      categories: data.categories,
      needIds: data.needIds,
      budgetFen: data.budgetFen,
      bidding: null,
      bids: [],
      award: null,
      challenges: [],
      contract: null,
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'ProjectPublishedForPurchase':
      return { ...state, status: 'published', bidding: { deadline: event.data.deadline, minimumGrade: event.data.eligibility.minimumGrade } };
    case 'BidSubmitted':
      return { ...state, bids: [...state.bids, { bidId: event.data.bidId, organisationId: event.data.organisationId, priceFen: event.data.priceFen, withdrawn: false }] };
    case 'BidWithdrawn':
      return { ...state, bids: state.bids.map((bid) => (bid.bidId === event.data.bidId ? { ...bid, withdrawn: true } : bid)) };
    case 'BiddingClosed':
      return { ...state, status: 'bidding_closed' };
    case 'AwardAnnounced':
      return {
        ...state,
        status: 'awarded',
        award: { bidId: event.data.bidId, organisationId: event.data.organisationId, standstillEndsAt: event.data.standstill.endsAt, standstillLastDay: event.data.standstill.lastDay },
      };
    case 'ChallengeLodged':
      return { ...state, status: 'challenged', challenges: [...state.challenges, { challengeId: event.data.challengeId, organisationId: event.data.organisationId, status: 'open' }] };
    case 'ChallengeDismissed': {
      const challenges = withChallengeStatus(state.challenges, [event.data.challengeId], 'dismissed');
      return { ...state, challenges, status: challenges.some((challenge) => challenge.status === 'open') ? 'challenged' : 'awarded' };
    }
    case 'ChallengeUpheld': {
      const upheld = withChallengeStatus(state.challenges, [event.data.challengeId], 'upheld');
      return {
        ...state,
        status: 'published',
        award: null,
        challenges: withChallengeStatus(upheld, event.data.lapsedChallengeIds, 'lapsed'),
        bidding: state.bidding ? { ...state.bidding, deadline: event.data.biddingDeadline } : { deadline: event.data.biddingDeadline, minimumGrade: 0 },
      };
    }
    case 'OrganisationContracted':
      return {
        ...state,
        status: 'contracted',
        contract: {
          bidId: event.data.bidId,
          organisationId: event.data.organisationId,
          signedAt: event.data.signedAt,
          staffOnPostDeadline: event.data.staffOnPostDeadline,
          endsAt: event.data.endsAt,
          termMonths: event.data.contract.termMonths,
          staff: {},
          staffOnPostAt: null,
          deliveryLog: AppendOnlyLog.empty(),
          deliveries: 0,
          deliveredHours: 0,
          beneficiariesServed: 0,
          reportIds: new Set(),
          monthlyBriefs: new Set(),
          midTermFiled: false,
          finalFiled: false,
          evaluatedYears: [],
          ratingIds: AppendOnlyLog.empty(),
          residentRatings: new Set(),
        },
      };
    case 'ProjectStaffAssigned':
      return withContract(state, (contract) => ({
        ...contract,
        staff: { ...contract.staff, [event.data.socialWorkerId]: event.data.qualified },
      }));
    case 'ProjectStaffReleased':
      return withContract(state, (contract) => {
        const { [event.data.socialWorkerId]: _released, ...staff } = contract.staff;
        return { ...contract, staff };
      });
    case 'StaffOnPostConfirmed':
      return withContract(state, (contract) => ({ ...contract, staffOnPostAt: event.data.confirmedAt }));
    case 'ServiceDelivered':
      return withContract(state, (contract) => {
        const data = event.data;
        return {
          ...contract,
          deliveryLog: contract.deliveryLog.append({ deliveryId: data.deliveryId, weekOf: data.weekOf, hoursBySocialWorker: data.hoursBySocialWorker }),
          deliveries: contract.deliveries + 1,
          deliveredHours: contract.deliveredHours + data.hours,
          beneficiariesServed: contract.beneficiariesServed + data.beneficiaries,
        };
      });
    case 'ReportFiled':
      return withContract(state, (contract) => ({
        ...contract,
        reportIds: new Set(contract.reportIds).add(event.data.reportId),
        monthlyBriefs: event.data.kind === 'monthly_brief' ? new Set(contract.monthlyBriefs).add(event.data.period) : contract.monthlyBriefs,
        midTermFiled: contract.midTermFiled || event.data.kind === 'mid_term',
        finalFiled: contract.finalFiled || event.data.kind === 'final',
      }));
    case 'ServiceRated':
      return withContract(state, (contract) => ({
        ...contract,
        ratingIds: contract.ratingIds.append(event.data.ratingId),
        residentRatings: event.data.residentRater === null ? contract.residentRatings : new Set(contract.residentRatings).add(residentRatingKey(event.data.deliveryId, event.data.residentRater)),
      }));
    case 'ContractEvaluated':
      return withContract(state, (contract) => ({ ...contract, evaluatedYears: [...contract.evaluatedYears, event.data.year] }));
    case 'ContractTerminated':
      return { ...state, status: 'terminated' };
    case 'ProjectCompleted':
      return { ...state, status: 'completed' };
  }
};

