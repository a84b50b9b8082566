/** What a project's history folds into: only what its decisions and the rule checks read. */
import type { Area, Fen, ServiceCategory } from '../shared/values.js';
import { AppendOnlyLog } from './append-only-log.js';
import type { ProjectEvent, ProjectKind, StationLevel } from './project.events.js';

export type ProjectStatus = 'designed' | 'published' | 'bidding_closed' | 'contracted' | 'terminated' | 'completed';

export interface Bid {
  readonly bidId: string;
  readonly organisationId: string;
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
  readonly contract: ContractState | null;
}

export type ProjectState = { readonly status: 'absent' } | DesignedProject;

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
      contract: null,
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'ProjectPublishedForPurchase':
      return { ...state, status: 'published', bidding: { deadline: event.data.deadline, minimumGrade: event.data.eligibility.minimumGrade } };
    case 'BidSubmitted':
      return { ...state, bids: [...state.bids, { bidId: event.data.bidId, organisationId: event.data.organisationId, withdrawn: false }] };
    case 'BidWithdrawn':
      return { ...state, bids: state.bids.map((bid) => (bid.bidId === event.data.bidId ? { ...bid, withdrawn: true } : bid)) };
    case 'BiddingClosed':
      return { ...state, status: 'bidding_closed' };
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

