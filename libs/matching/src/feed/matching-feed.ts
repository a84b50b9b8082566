/**
 * Folds the domain's events into the matching engine's inputs: every need with what it STILL asks
 * for, every resource with what it STILL has. Pure (no I/O): the MatchingService feeds it from the
 * event store's subscription, tests feed it lists of events.
 */
import type {
  Area,
  ContractEvaluatedData,
  DonationExpiredData,
  DonationMatchedData,
  DonationMatchReleasedData,
  DonationPledgedData,
  DonationRefundedData,
  MatchProposalDeclinedData,
  NeedCoveredByProjectData,
  NeedListedData,
  NeedMatchedData,
  OrganisationContractedData,
  OrganisationGradedData,
  OrganisationRegisteredData,
  ProjectDesignedData,
  ServiceCategory,
  SocialWorkerAssignedData,
  SocialWorkerCertifiedData,
  SocialWorkerRegisteredData,
  SocialWorkerReleasedData,
  StationContractRecordedData,
  StationContractReleasedData,
  VolunteerAssignedData,
  VolunteerAssignmentEndedData,
  VolunteerAvailabilityDeclaredData,
  VolunteerRegisteredData,
  VolunteerSkillsDeclaredData,
} from '#domain';
import { MAX_SOCIAL_WORKER_HOURS_PER_WEEK } from '#domain';
import { MatchingEngine, type MatchingEngineConfig } from '../matching-engine.js';
import type { AreaScope } from '../area.js';
import type { DonationEarmark, Receipt } from '../matching.types.js';
import type { WeeklyWindow } from '../weekly-window.js';
import type { FeedEvent, NeedFold, VolunteerFold, SocialWorkerFold, DonationFold, OrganisationFold, ProjectFold, AutoMatchTerms } from './matching-folds.js';

export type { FeedEvent, NeedFold, VolunteerFold, SocialWorkerFold, DonationFold, OrganisationFold, ProjectFold, AutoMatchTerms } from './matching-folds.js';

const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};
/** ISO weekday 1 (Monday) .. 7 becomes the engine's day 0 .. 6. */
const toWeeklyWindows = (windows: VolunteerAvailabilityDeclaredData['windows']): WeeklyWindow[] | undefined =>
  windows.length === 0
    ? undefined // "any time by arrangement": scored as unknown rather than as always free
    : windows.map((window) => ({ day: window.weekday - 1, fromMinute: minutesOf(window.from), toMinute: minutesOf(window.to) === 0 ? 1440 : minutesOf(window.to) }));

const toEarmark = (earmark: DonationPledgedData['earmark']): DonationEarmark | undefined => {
  if (earmark === null) return undefined;
  const result: { -readonly [K in keyof DonationEarmark]: DonationEarmark[K] } = {};
  if (earmark.category) result.category = earmark.category;
  if (earmark.district) result.district = earmark.district;
  if (earmark.street) result.street = earmark.street;
  if (earmark.community) result.community = earmark.community;
  return result;
};

const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

export class MatchingFeed {
  readonly engine: MatchingEngine;
  private readonly needs = new Map<string, NeedFold>();
  private readonly volunteers = new Map<string, VolunteerFold>();
  private readonly socialWorkers = new Map<string, SocialWorkerFold>();
  private readonly donations = new Map<string, DonationFold>();
  private readonly organisations = new Map<string, OrganisationFold>();
  private readonly projects = new Map<string, ProjectFold>();
  /**
   * Every fold by kind, for the checkpoint (matching-checkpoint.ts) only: what the feed still knows
   * of each need and resource, nothing the engine derives from it.
   * @internal
   */
  readonly folds = {
    needs: this.needs, volunteers: this.volunteers, socialWorkers: this.socialWorkers,
    donations: this.donations, organisations: this.organisations, projects: this.projects,
  };
  /** Resource keys the engine holds right now (it offers no lookup of its own). */
  private readonly held = new Set<string>();
  private lastPosition = 0;
  /** The latest event's time: "how long has the need waited" is judged at the log's clock, so a replay scores alike. */
  private clock = new Date(0);

  constructor(config: Omit<MatchingEngineConfig, 'now' | 'proposeOnUpsert'> = {}) {
    this.engine = new MatchingEngine({ ...config, proposeOnUpsert: false, now: () => (this.clock.getTime() === 0 ? new Date() : this.clock) });
  }

  /** Position of the last event folded in. */
  get position(): number {
    return this.lastPosition;
  }

  autoMatchTermsOf(donationId: string): AutoMatchTerms | null {
    const donation = this.donations.get(donationId);
    if (!donation || donation.autoMatch === null) return null;
    return { categories: donation.autoMatch.categories, maxPerNeedFen: donation.autoMatch.maxPerNeedFen };
  }

  hasDonationMatch(donationId: string, matchId: string): boolean {
    return this.donations.get(donationId)?.matchIds.has(matchId) ?? false;
  }

  /** The need's remaining money gap, 0 when unknown or closed. */
  remainingFenOf(needId: string): number {
    return this.needs.get(needId)?.fenLeft ?? 0;
  }

  /** Open but marked stale: its committee must reconfirm it before it is matched again. */
  isStaleNeed(needId: string): boolean {
    return this.needs.get(needId)?.stale === true;
  }

  /** Open and fresh: a stale need is neither proposed nor auto-matched until its committee reconfirms it. */
  isOpenNeed(needId: string): boolean {
    const need = this.needs.get(needId);
    return need !== undefined && !need.stale;
  }

  /** Category and area of an open need: what a MatchDonation target carries for the earmark check. */
  needOf(needId: string): { readonly needId: string; readonly category: ServiceCategory; readonly area: Area } | undefined {
    const need = this.needs.get(needId);
    return need && !need.stale ? { needId: need.needId, category: need.category, area: need.area } : undefined;
  }

  /** Whether the engine currently holds this resource (something left to give, not excluded). */
  hasResource(resourceKey: string): boolean {
    return this.held.has(resourceKey);
  }

  /**
   * After the folds were filled from a checkpoint: hands every fold to the engine, one step each (the
   * caller gives the event loop a turn between batches), and only then takes the checkpoint's
   * position and clock, so nothing waiting for a position is answered from a half-filled engine.
   * @internal
   */
  *restoreSteps(position: number, clock: string): Generator<void> {
    this.clock = new Date(clock);
    const syncs: [Iterable<string>, (id: string) => void][] = [
      [this.volunteers.keys(), (id) => this.syncVolunteer(id)],
      [this.socialWorkers.keys(), (id) => this.syncSocialWorker(id)],
      [this.donations.keys(), (id) => this.syncDonation(id)],
      [this.organisations.keys(), (id) => this.syncOrganisation(id)],
      [this.projects.keys(), (id) => this.syncProject(id)],
      [this.needs.keys(), (id) => this.syncNeed(id)],
    ];
    for (const [ids, sync] of syncs) {
      for (const id of [...ids]) {
        sync(id);
        yield;
      }
    }
    this.lastPosition = position;
  }

  /** The log's clock as of the last event folded in (ISO), for the checkpoint. */
  get clockAt(): string {
    return this.clock.toISOString();
  }

  apply(event: FeedEvent): void {
    if (event.position <= this.lastPosition) return; // a re-delivered event was already folded in
    this.lastPosition = event.position;
    const occurredAt = new Date(event.metadata.occurredAt);
    if (!Number.isNaN(occurredAt.getTime()) && occurredAt > this.clock) this.clock = occurredAt;
    const handler = this.handlers[event.type];
    if (handler) handler(event.data as never);
  }

  // ---- folds ------------------------------------------------------------------------------------

  private readonly handlers: Record<string, (data: never) => void> = {
    NeedListed: (data: NeedListedData) => {
      this.needs.set(data.needId, {
        needId: data.needId,
        category: data.category,
        area: data.area,
        urgency: data.urgency,
        requiredSkills: data.requiredSkills,
        listedAt: data.listedAt,
        hoursLeft: data.hoursPerWeek ?? 0,
        fenLeft: data.amountFen ?? 0,
        needsCarrier: true,
        stale: false,
      });
      this.syncNeed(data.needId);
    },
    NeedMarkedStale: (data: { needId: string }) => this.setNeedStale(data.needId, true),
    NeedReconfirmed: (data: { needId: string }) => this.setNeedStale(data.needId, false),
    NeedMatched: (data: NeedMatchedData) => {
      const need = this.needs.get(data.needId);
      // Donations and volunteers are counted from their own streams (DonationMatched, VolunteerAssigned).
      if (data.resource.kind === 'social_worker') {
        if (need) need.hoursLeft = Math.max(0, need.hoursLeft - (data.hoursPerWeek ?? 0));
        const worker = this.socialWorkers.get(data.resource.id);
        if (worker && data.hoursPerWeek) {
          worker.needHours.set(data.matchId, data.hoursPerWeek);
          worker.received.push(this.receipt(data.hoursPerWeek));
          this.syncSocialWorker(worker.socialWorkerId);
        }
      }
      if (data.resource.kind === 'organisation') {
        if (need) need.needsCarrier = false;
        const organisation = this.organisations.get(data.resource.id);
        if (organisation) {
          organisation.needMatches.add(data.needId);
          organisation.received.push(this.receipt(1));
          this.syncOrganisation(organisation.organisationId);
        }
      }
      this.syncNeed(data.needId);
    },
    NeedCoveredByProject: (data: NeedCoveredByProjectData) => {
      const need = this.needs.get(data.needId);
      if (need) need.needsCarrier = false;
      const project = this.projects.get(data.projectId);
      if (project) {
        project.received.push(this.receipt(1));
        this.syncProject(data.projectId);
      }
      this.syncNeed(data.needId);
    },
    NeedFulfilled: (data: { needId: string }) => this.closeNeed(data.needId),
    NeedWithdrawn: (data: { needId: string }) => this.closeNeed(data.needId),
    MatchProposalDeclined: (data: MatchProposalDeclinedData) => {
      this.engine.decline(data.needId, data.resourceKey, data.reason);
    },

    VolunteerRegistered: (data: VolunteerRegisteredData) => {
      this.volunteers.set(data.volunteerId, {
        volunteerId: data.volunteerId,
        area: data.area,
        skills: [],
        categories: [],
        declaredHours: 0,
        assignedHours: new Map(),
        windows: undefined,
        received: [],
      });
      this.syncVolunteer(data.volunteerId);
    },
    VolunteerSkillsDeclared: (data: VolunteerSkillsDeclaredData) => {
      const volunteer = this.volunteers.get(data.volunteerId);
      if (!volunteer) return;
      volunteer.skills = data.skills;
      volunteer.categories = data.categories;
      this.syncVolunteer(data.volunteerId);
    },
    VolunteerAvailabilityDeclared: (data: VolunteerAvailabilityDeclaredData) => {
      const volunteer = this.volunteers.get(data.volunteerId);
      if (!volunteer) return;
      volunteer.declaredHours = data.hoursPerWeek;
      volunteer.windows = toWeeklyWindows(data.windows);
      this.syncVolunteer(data.volunteerId);
    },
    VolunteerAssigned: (data: VolunteerAssignedData) => {
      const volunteer = this.volunteers.get(data.volunteerId);
      if (volunteer) {
        volunteer.assignedHours.set(data.assignmentId, data.hoursPerWeek);
        volunteer.received.push(this.receipt(data.hoursPerWeek));
        this.syncVolunteer(data.volunteerId);
      }
      if (data.target.kind === 'need') {
        const need = this.needs.get(data.target.needId);
        if (need) need.hoursLeft = Math.max(0, need.hoursLeft - data.hoursPerWeek);
        this.syncNeed(data.target.needId);
      }
    },
    VolunteerAssignmentEnded: (data: VolunteerAssignmentEndedData) => {
      const volunteer = this.volunteers.get(data.volunteerId);
      if (volunteer) {
        volunteer.assignedHours.delete(data.assignmentId);
        this.syncVolunteer(data.volunteerId);
      }
      if (data.target.kind === 'need') {
        const need = this.needs.get(data.target.needId);
        if (need) need.hoursLeft += data.hoursPerWeek;
        this.syncNeed(data.target.needId);
      }
    },
    VolunteerDeregistered: (data: { volunteerId: string }) => {
      this.volunteers.delete(data.volunteerId);
      this.engine.removeVolunteer(data.volunteerId);
      this.held.delete(`volunteer:${data.volunteerId}`);
    },

    SocialWorkerRegistered: (data: SocialWorkerRegisteredData) => {
      const base = data.base;
      const area: AreaScope =
        base.level === 'community'
          ? { city: base.area.city, district: base.area.district, street: base.area.street, community: base.area.community }
          : { city: base.city, district: base.district };
      this.socialWorkers.set(data.socialWorkerId, {
        socialWorkerId: data.socialWorkerId,
        area,
        grade: null,
        degree: data.hasSocialWorkDegree,
        projectHours: new Map(),
        needHours: new Map(),
        active: true,
        received: [],
      });
      this.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerCertified: (data: SocialWorkerCertifiedData) => {
      const worker = this.socialWorkers.get(data.socialWorkerId);
      if (!worker) return;
      worker.grade = data.grade;
      this.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerAssigned: (data: SocialWorkerAssignedData) => {
      const worker = this.socialWorkers.get(data.socialWorkerId);
      if (!worker) return;
      worker.projectHours.set(data.projectId, data.hoursPerWeek);
      this.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerReleased: (data: SocialWorkerReleasedData) => {
      const worker = this.socialWorkers.get(data.socialWorkerId);
      if (!worker) return;
      worker.projectHours.delete(data.projectId);
      this.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerDeregistered: (data: { socialWorkerId: string }) => {
      this.socialWorkers.delete(data.socialWorkerId);
      this.engine.removeSocialWorker(data.socialWorkerId);
      this.held.delete(`social-worker:${data.socialWorkerId}`);
    },

    DonationPledged: (data: DonationPledgedData) => {
      this.donations.set(data.donationId, {
        donationId: data.donationId,
        balanceFen: data.amountFen,
        earmark: toEarmark(data.earmark),
        area: data.area,
        autoMatch: data.autoMatch,
        expired: false,
        matchIds: new Set(),
      });
      this.syncDonation(data.donationId);
    },
    DonationMatched: (data: DonationMatchedData) => {
      const donation = this.donations.get(data.donationId);
      if (donation) {
        donation.balanceFen = data.balanceFen;
        donation.matchIds.add(data.matchId);
        this.syncDonation(data.donationId);
      }
      this.moveMoney(data.target, -data.amountFen);
    },
    DonationMatchReleased: (data: DonationMatchReleasedData) => {
      const donation = this.donations.get(data.donationId);
      if (donation) {
        donation.balanceFen = data.balanceFen;
        this.syncDonation(data.donationId);
      }
      this.moveMoney(data.target, data.amountFen);
    },
    DonationRefunded: (data: DonationRefundedData) => {
      const donation = this.donations.get(data.donationId);
      if (!donation) return;
      donation.balanceFen = data.balanceFen;
      this.syncDonation(data.donationId);
    },
    DonationExpired: (data: DonationExpiredData) => {
      const donation = this.donations.get(data.donationId);
      if (!donation) return;
      donation.expired = true;
      this.syncDonation(data.donationId);
    },

    OrganisationRegistered: (data: OrganisationRegisteredData) => {
      this.organisations.set(data.organisationId, {
        organisationId: data.organisationId,
        district: data.district,
        city: data.area?.city,
        categories: data.serviceCategories,
        capacity: data.capacity,
        grade: 0,
        evaluationScore: undefined,
        needMatches: new Set(),
        stationContracts: new Set(),
        inspectionFailed: false,
        suspended: false,
        deregistered: false,
        received: [],
      });
      this.syncOrganisation(data.organisationId);
    },
    OrganisationGraded: (data: OrganisationGradedData) => this.updateOrganisation(data.organisationId, (o) => (o.grade = data.grade)),
    // Rule 11: an organisation that failed its annual inspection is not offered until it passes.
    AnnualInspectionFailed: (data: { organisationId: string }) => this.updateOrganisation(data.organisationId, (o) => (o.inspectionFailed = true)),
    AnnualInspectionPassed: (data: { organisationId: string }) => this.updateOrganisation(data.organisationId, (o) => (o.inspectionFailed = false)),
    OrganisationSuspended: (data: { organisationId: string }) => this.updateOrganisation(data.organisationId, (o) => (o.suspended = true)),
    OrganisationReinstated: (data: { organisationId: string }) => this.updateOrganisation(data.organisationId, (o) => (o.suspended = false)),
    OrganisationDeregistered: (data: { organisationId: string }) => this.updateOrganisation(data.organisationId, (o) => (o.deregistered = true)),
    StationContractRecorded: (data: StationContractRecordedData) =>
      this.updateOrganisation(data.organisationId, (o) => o.stationContracts.add(data.projectId)),
    StationContractReleased: (data: StationContractReleasedData) =>
      this.updateOrganisation(data.organisationId, (o) => o.stationContracts.delete(data.projectId)),
    ContractEvaluated: (data: ContractEvaluatedData) => {
      this.updateOrganisation(data.organisationId, (o) => (o.evaluationScore = Math.max(0, Math.min(100, data.score))));
    },

    ProjectDesigned: (data: ProjectDesignedData) => {
      const area: AreaScope =
        data.kind === 'social_work_station' && data.stationLevel === 'general'
          ? { city: data.area.city, district: data.area.district }
          : data.kind === 'social_work_station'
            ? { city: data.area.city, district: data.area.district, street: data.area.street }
            : data.area;
      this.projects.set(data.projectId, {
        projectId: data.projectId,
        area,
        categories: data.categories,
        status: 'designed',
        budgetFen: data.budgetFen,
        fundedFen: 0,
        received: [],
      });
      this.syncProject(data.projectId);
    },
    ProjectPublishedForPurchase: (data: { projectId: string }) => this.setProjectStatus(data.projectId, 'published'),
    BiddingClosed: (data: { projectId: string }) => this.setProjectStatus(data.projectId, 'bidding_closed'),
    OrganisationContracted: (data: OrganisationContractedData) => this.setProjectStatus(data.projectId, 'contracted'),
    StaffOnPostConfirmed: (data: { projectId: string }) => this.setProjectStatus(data.projectId, 'staffed'),
    ServiceDelivered: (data: { projectId: string }) => this.setProjectStatus(data.projectId, 'in_delivery'),
    ContractTerminated: (data: { projectId: string }) => this.setProjectStatus(data.projectId, 'terminated'),
    ProjectCompleted: (data: { projectId: string }) => this.setProjectStatus(data.projectId, 'completed'),
  } as Record<string, (data: never) => void>;

  /** What the resource received just now, at the log's clock (a replay dates it alike). */
  private receipt(amount: number): Receipt {
    return { at: this.clock.toISOString(), amount };
  }

  /** Receipts still inside the fairness window: older ones no longer count, so the fold forgets them. */
  private recent(received: Receipt[]): Receipt[] {
    const since = this.clock.getTime() - this.engine.weights.fairness.windowDays * 86_400_000;
    while (received.length > 0 && Date.parse(received[0]!.at) <= since) received.shift();
    return received;
  }

  private setNeedStale(needId: string, stale: boolean): void {
    const need = this.needs.get(needId);
    if (!need) return;
    need.stale = stale;
    this.syncNeed(needId);
  }

  private closeNeed(needId: string): void {
    this.needs.delete(needId);
    this.engine.removeNeed(needId);
  }

  private moveMoney(target: DonationMatchedData['target'], deltaFen: number): void {
    if (target.kind === 'need') {
      const need = this.needs.get(target.needId);
      if (need) need.fenLeft = Math.max(0, need.fenLeft + deltaFen);
      this.syncNeed(target.needId);
    } else {
      const project = this.projects.get(target.projectId);
      if (!project) return;
      project.fundedFen -= deltaFen;
      this.syncProject(target.projectId);
    }
  }

  private updateOrganisation(organisationId: string, change: (organisation: OrganisationFold) => unknown): void {
    const organisation = this.organisations.get(organisationId);
    if (!organisation) return;
    change(organisation);
    this.syncOrganisation(organisationId);
  }

  private setProjectStatus(projectId: string, status: string): void {
    const project = this.projects.get(projectId);
    if (!project) return;
    project.status = status;
    this.syncProject(projectId);
  }

  // ---- into the engine --------------------------------------------------------------------------

  private syncNeed(needId: string): void {
    const need = this.needs.get(needId);
    if (!need) return;
    if (need.stale) {
      this.engine.removeNeed(needId);
      return;
    }
    this.engine.upsertNeed({
      needId: need.needId,
      category: need.category,
      area: need.area,
      urgency: need.urgency,
      requiredSkills: need.requiredSkills,
      hoursPerWeek: need.hoursLeft,
      amountFen: need.fenLeft,
      needsCarrier: need.needsCarrier,
      listedAt: need.listedAt,
    });
  }

  private syncVolunteer(volunteerId: string): void {
    const volunteer = this.volunteers.get(volunteerId);
    if (!volunteer) return;
    this.held.add(`volunteer:${volunteerId}`);
    this.engine.upsertVolunteer({
      volunteerId,
      area: volunteer.area,
      skills: volunteer.skills,
      categories: volunteer.categories,
      availableHoursPerWeek: Math.max(0, volunteer.declaredHours - sum(volunteer.assignedHours.values())),
      received: [...this.recent(volunteer.received)],
      ...(volunteer.windows === undefined ? {} : { windows: volunteer.windows }),
    });
  }

  private syncSocialWorker(socialWorkerId: string): void {
    const worker = this.socialWorkers.get(socialWorkerId);
    if (!worker) return;
    const committed = sum(worker.projectHours.values()) + sum(worker.needHours.values());
    this.held.add(`social-worker:${socialWorkerId}`);
    this.engine.upsertSocialWorker({
      socialWorkerId,
      area: worker.area,
      grade: worker.grade,
      qualified: worker.degree || worker.grade !== null,
      availableHoursPerWeek: Math.max(0, MAX_SOCIAL_WORKER_HOURS_PER_WEEK - committed),
      received: [...this.recent(worker.received)],
    });
  }

  private syncDonation(donationId: string): void {
    const donation = this.donations.get(donationId);
    if (!donation) return;
    if (donation.expired || donation.balanceFen <= 0) {
      this.engine.removeDonation(donationId);
      this.held.delete(`donation:${donationId}`);
      return;
    }
    this.held.add(`donation:${donationId}`);
    this.engine.upsertDonation({
      donationId,
      balanceFen: donation.balanceFen,
      area: donation.area,
      ...(donation.earmark === undefined ? {} : { earmark: donation.earmark }),
    });
  }

  private syncOrganisation(organisationId: string): void {
    const organisation = this.organisations.get(organisationId);
    if (!organisation) return;
    if (organisation.inspectionFailed || organisation.suspended || organisation.deregistered) {
      this.engine.removeOrganisation(organisationId);
      this.held.delete(`organisation:${organisationId}`);
      return;
    }
    this.held.add(`organisation:${organisationId}`);
    this.engine.upsertOrganisation({
      organisationId,
      district: organisation.district,
      ...(organisation.city === undefined ? {} : { city: organisation.city }),
      categories: organisation.categories,
      grade: organisation.grade,
      ...(organisation.evaluationScore === undefined ? {} : { evaluationScore: organisation.evaluationScore }),
      spareCapacity: Math.max(0, organisation.capacity - organisation.needMatches.size - organisation.stationContracts.size),
      received: [...this.recent(organisation.received)],
    });
  }

  private syncProject(projectId: string): void {
    const project = this.projects.get(projectId);
    if (!project) return;
    if (project.status === 'terminated' || project.status === 'completed') {
      this.engine.removeProject(projectId);
      this.held.delete(`project:${projectId}`);
      return;
    }
    this.held.add(`project:${projectId}`);
    this.engine.upsertProject({
      projectId,
      categories: project.categories,
      area: project.area,
      status: project.status,
      fundingGapFen: Math.max(0, project.budgetFen - project.fundedFen),
      received: [...this.recent(project.received)],
    });
  }
}
