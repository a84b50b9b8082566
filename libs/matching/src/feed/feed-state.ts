/**
 * What the matching feed holds: every fold (each need with what it still asks for, each resource with
 * what it still has), the engine they are handed to, and the log's clock. The folding itself (which
 * event changes what) is fold-handlers.ts; MatchingFeed (matching-feed.ts) is the face of both.
 */
import type { DonationMatchedData } from '#domain';
import { MAX_SOCIAL_WORKER_HOURS_PER_WEEK } from '#domain';
import type { MatchingEngine } from '../matching-engine.js';
import type { Receipt } from '../matching.types.js';
import { Interner, sum } from './fold-values.js';
import type { DonationFold, NeedFold, OrganisationFold, ProjectFold, SocialWorkerFold, VolunteerFold } from './matching-folds.js';

export class FeedState {
  readonly needs = new Map<string, NeedFold>();
  readonly volunteers = new Map<string, VolunteerFold>();
  readonly socialWorkers = new Map<string, SocialWorkerFold>();
  readonly donations = new Map<string, DonationFold>();
  readonly organisations = new Map<string, OrganisationFold>();
  readonly projects = new Map<string, ProjectFold>();
  readonly intern = new Interner();
  /** The latest event's time: "how long has the need waited" is judged at the log's clock, so a replay scores alike. */
  clock = new Date(0);

  constructor(readonly engine: MatchingEngine) {}

  /** A need's fold with its repeated values (area, category, urgency, skills) shared with every other fold's. */
  internNeed(fold: NeedFold): NeedFold {
    fold.area = this.intern.place(fold.area);
    fold.category = this.intern.string(fold.category);
    fold.urgency = this.intern.string(fold.urgency);
    fold.requiredSkills = this.intern.list(fold.requiredSkills);
    return fold;
  }

  /** What the resource received just now, at the log's clock (a replay dates it alike). */
  receipt(amount: number): Receipt {
    return { at: this.clock.toISOString(), amount };
  }

  /** Receipts still inside the fairness window: older ones no longer count, so the fold forgets them. */
  private recent(received: Receipt[]): Receipt[] {
    const since = this.clock.getTime() - this.engine.weights.fairness.windowDays * 86_400_000;
    while (received.length > 0 && Date.parse(received[0]!.at) <= since) received.shift();
    return received;
  }

  setNeedStale(needId: string, stale: boolean): void {
    const need = this.needs.get(needId);
    if (!need) return;
    need.stale = stale;
    this.syncNeed(needId);
  }

  closeNeed(needId: string): void {
    this.needs.delete(needId);
    this.engine.removeNeed(needId);
  }

  moveMoney(target: DonationMatchedData['target'], deltaFen: number): void {
    if (target.kind === 'need') {
      const need = this.needs.get(target.needId);
      if (need) need.amountFen = Math.max(0, need.amountFen + deltaFen);
      this.syncNeed(target.needId);
    } else {
      const project = this.projects.get(target.projectId);
      if (!project) return;
      project.fundedFen -= deltaFen;
      this.syncProject(target.projectId);
    }
  }

  updateOrganisation(organisationId: string, change: (organisation: OrganisationFold) => unknown): void {
    const organisation = this.organisations.get(organisationId);
    if (!organisation) return;
    change(organisation);
    this.syncOrganisation(organisationId);
  }

  setProjectStatus(projectId: string, status: string): void {
    const project = this.projects.get(projectId);
    if (!project) return;
    project.status = status;
    this.syncProject(projectId);
  }

  // ---- into the engine --------------------------------------------------------------------------

  /**
   * Hands a fold itself to the engine (matching-folds.ts). Should the engine reject it (its input
   * checks), the entry it still holds is taken out too: that entry reads this same fold, changed
   * since it was indexed, so it would be scored on what it has now under buckets of what it had.
   */
  private handOver(upsert: () => unknown, remove: () => unknown): void {
    try {
      upsert();
    } catch (error) {
      remove();
      throw error;
    }
  }

  syncNeed(needId: string): void {
    const need = this.needs.get(needId);
    if (!need) return;
    if (need.stale) {
      this.engine.removeNeed(needId);
      return;
    }
    // The fold itself, not a copy per open need (matching-folds.ts).
    this.handOver(() => this.engine.upsertNeed(need), () => this.engine.removeNeed(needId));
  }

  syncVolunteer(volunteerId: string): void {
    const volunteer = this.volunteers.get(volunteerId);
    if (!volunteer) return;
    volunteer.availableHoursPerWeek = Math.max(0, volunteer.declaredHours - sum(volunteer.assignedHours?.values() ?? []));
    this.recent(volunteer.received);
    this.handOver(() => this.engine.upsertVolunteer(volunteer), () => this.engine.removeVolunteer(volunteerId));
  }

  syncSocialWorker(socialWorkerId: string): void {
    const worker = this.socialWorkers.get(socialWorkerId);
    if (!worker) return;
    const committed = sum(worker.projectHours?.values() ?? []) + sum(worker.needHours?.values() ?? []);
    worker.qualified = worker.degree || worker.grade !== null;
    worker.availableHoursPerWeek = Math.max(0, MAX_SOCIAL_WORKER_HOURS_PER_WEEK - committed);
    this.recent(worker.received);
    this.handOver(() => this.engine.upsertSocialWorker(worker), () => this.engine.removeSocialWorker(socialWorkerId));
  }

  syncDonation(donationId: string): void {
    const donation = this.donations.get(donationId);
    if (!donation) return;
    if (donation.expired || donation.balanceFen <= 0) {
      this.engine.removeDonation(donationId);
      return;
    }
    this.engine.upsertDonation({
      donationId,
      balanceFen: donation.balanceFen,
      area: donation.area,
      ...(donation.earmark === undefined ? {} : { earmark: donation.earmark }),
    });
  }

  syncOrganisation(organisationId: string): void {
    const organisation = this.organisations.get(organisationId);
    if (!organisation) return;
    if (organisation.inspectionFailed || organisation.suspended || organisation.deregistered) {
      this.engine.removeOrganisation(organisationId);
      return;
    }
    organisation.spareCapacity = Math.max(0, organisation.capacity - (organisation.needMatches?.size ?? 0) - (organisation.stationContracts?.size ?? 0));
    this.recent(organisation.received);
    this.handOver(() => this.engine.upsertOrganisation(organisation), () => this.engine.removeOrganisation(organisationId));
  }

  syncProject(projectId: string): void {
    const project = this.projects.get(projectId);
    if (!project) return;
    if (project.status === 'terminated' || project.status === 'completed') {
      this.engine.removeProject(projectId);
      return;
    }
    project.fundingGapFen = Math.max(0, project.budgetFen - project.fundedFen);
    this.recent(project.received);
    this.handOver(() => this.engine.upsertProject(project), () => this.engine.removeProject(projectId));
  }
}
