/**
 * Which event changes which fold: the matching feed's folding, one handler per event type it reads
 * (the rest pass by). Handlers change the FeedState's folds and hand what changed to its engine.
 */
import type {
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
import type { AreaScope } from '../area.js';
import type { FeedState } from './feed-state.js';
import { toEarmark, toWeeklyWindows, withoutKey } from './fold-values.js';

export type FoldHandlers = Record<string, (data: never) => void>;

export const foldHandlers = (state: FeedState): FoldHandlers => {
  const { intern } = state;
  return {
    NeedListed: (data: NeedListedData) => {
      state.needs.set(data.needId, state.internNeed({
        needId: data.needId,
        category: data.category,
        area: data.area,
        urgency: data.urgency,
        requiredSkills: data.requiredSkills,
        listedAt: data.listedAt,
        hoursPerWeek: data.hoursPerWeek ?? 0,
        amountFen: data.amountFen ?? 0,
        needsCarrier: true,
        stale: false,
      }));
      state.syncNeed(data.needId);
    },
    NeedMarkedStale: (data: { needId: string }) => state.setNeedStale(data.needId, true),
    NeedReconfirmed: (data: { needId: string }) => state.setNeedStale(data.needId, false),
    NeedMatched: (data: NeedMatchedData) => {
      const need = state.needs.get(data.needId);
      // Donations and volunteers are counted from their own streams (DonationMatched, VolunteerAssigned).
      if (data.resource.kind === 'social_worker') {
        if (need) need.hoursPerWeek = Math.max(0, need.hoursPerWeek - (data.hoursPerWeek ?? 0));
        const worker = state.socialWorkers.get(data.resource.id);
        if (worker && data.hoursPerWeek) {
          (worker.needHours ??= new Map()).set(data.matchId, data.hoursPerWeek);
          worker.received.push(state.receipt(data.hoursPerWeek));
          state.syncSocialWorker(worker.socialWorkerId);
        }
      }
      if (data.resource.kind === 'organisation') {
        if (need) need.needsCarrier = false;
        const organisation = state.organisations.get(data.resource.id);
        if (organisation) {
          (organisation.needMatches ??= new Set()).add(data.needId);
          organisation.received.push(state.receipt(1));
          state.syncOrganisation(organisation.organisationId);
        }
      }
      state.syncNeed(data.needId);
    },
    NeedCoveredByProject: (data: NeedCoveredByProjectData) => {
      const need = state.needs.get(data.needId);
      if (need) need.needsCarrier = false;
      const project = state.projects.get(data.projectId);
      if (project) {
        project.received.push(state.receipt(1));
        state.syncProject(data.projectId);
      }
      state.syncNeed(data.needId);
    },
    NeedFulfilled: (data: { needId: string }) => state.closeNeed(data.needId),
    NeedWithdrawn: (data: { needId: string }) => state.closeNeed(data.needId),
    MatchProposalDeclined: (data: MatchProposalDeclinedData) => {
      state.engine.decline(data.needId, data.resourceKey, data.reason);
    },

    VolunteerRegistered: (data: VolunteerRegisteredData) => {
      state.volunteers.set(data.volunteerId, {
        volunteerId: data.volunteerId,
        area: intern.place(data.area),
        skills: [],
        categories: [],
        declaredHours: 0,
        availableHoursPerWeek: 0,
        assignedHours: undefined,
        windows: undefined,
        received: [],
      });
      state.syncVolunteer(data.volunteerId);
    },
    VolunteerSkillsDeclared: (data: VolunteerSkillsDeclaredData) => {
      const volunteer = state.volunteers.get(data.volunteerId);
      if (!volunteer) return;
      volunteer.skills = intern.list(data.skills);
      volunteer.categories = intern.list(data.categories);
      state.syncVolunteer(data.volunteerId);
    },
    VolunteerAvailabilityDeclared: (data: VolunteerAvailabilityDeclaredData) => {
      const volunteer = state.volunteers.get(data.volunteerId);
      if (!volunteer) return;
      volunteer.declaredHours = data.hoursPerWeek;
      volunteer.windows = toWeeklyWindows(data.windows);
      state.syncVolunteer(data.volunteerId);
    },
    VolunteerAssigned: (data: VolunteerAssignedData) => {
      const volunteer = state.volunteers.get(data.volunteerId);
      if (volunteer) {
        (volunteer.assignedHours ??= new Map()).set(data.assignmentId, data.hoursPerWeek);
        volunteer.received.push(state.receipt(data.hoursPerWeek));
        state.syncVolunteer(data.volunteerId);
      }
      if (data.target.kind === 'need') {
        const need = state.needs.get(data.target.needId);
        if (need) need.hoursPerWeek = Math.max(0, need.hoursPerWeek - data.hoursPerWeek);
        state.syncNeed(data.target.needId);
      }
    },
    VolunteerAssignmentEnded: (data: VolunteerAssignmentEndedData) => {
      const volunteer = state.volunteers.get(data.volunteerId);
      if (volunteer) {
        volunteer.assignedHours = withoutKey(volunteer.assignedHours, data.assignmentId);
        state.syncVolunteer(data.volunteerId);
      }
      if (data.target.kind === 'need') {
        const need = state.needs.get(data.target.needId);
        if (need) need.hoursPerWeek += data.hoursPerWeek;
        state.syncNeed(data.target.needId);
      }
    },
    VolunteerDeregistered: (data: { volunteerId: string }) => {
      state.volunteers.delete(data.volunteerId);
      state.engine.removeVolunteer(data.volunteerId);
    },

    SocialWorkerRegistered: (data: SocialWorkerRegisteredData) => {
      const base = data.base;
      const area: AreaScope =
        base.level === 'community'
          ? { city: base.area.city, district: base.area.district, street: base.area.street, community: base.area.community }
          : { city: base.city, district: base.district };
      state.socialWorkers.set(data.socialWorkerId, {
        socialWorkerId: data.socialWorkerId,
        area: intern.place(area),
        grade: null,
        degree: data.hasSocialWorkDegree,
        qualified: false,
        availableHoursPerWeek: 0,
        projectHours: undefined,
        needHours: undefined,
        active: true,
        received: [],
      });
      state.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerCertified: (data: SocialWorkerCertifiedData) => {
      const worker = state.socialWorkers.get(data.socialWorkerId);
      if (!worker) return;
      worker.grade = data.grade;
      state.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerAssigned: (data: SocialWorkerAssignedData) => {
      const worker = state.socialWorkers.get(data.socialWorkerId);
      if (!worker) return;
      (worker.projectHours ??= new Map()).set(data.projectId, data.hoursPerWeek);
      state.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerReleased: (data: SocialWorkerReleasedData) => {
      const worker = state.socialWorkers.get(data.socialWorkerId);
      if (!worker) return;
      worker.projectHours = withoutKey(worker.projectHours, data.projectId);
      state.syncSocialWorker(data.socialWorkerId);
    },
    SocialWorkerDeregistered: (data: { socialWorkerId: string }) => {
      state.socialWorkers.delete(data.socialWorkerId);
      state.engine.removeSocialWorker(data.socialWorkerId);
    },

    DonationPledged: (data: DonationPledgedData) => {
      state.donations.set(data.donationId, {
        donationId: data.donationId,
        balanceFen: data.amountFen,
        earmark: toEarmark(data.earmark),
        area: intern.place(data.area),
        autoMatch: data.autoMatch,
        expired: false,
        matchIds: undefined,
      });
      state.syncDonation(data.donationId);
    },
    DonationMatched: (data: DonationMatchedData) => {
      const donation = state.donations.get(data.donationId);
      if (donation) {
        donation.balanceFen = data.balanceFen;
        (donation.matchIds ??= new Set()).add(data.matchId);
        state.syncDonation(data.donationId);
      }
      state.moveMoney(data.target, -data.amountFen);
    },
    DonationMatchReleased: (data: DonationMatchReleasedData) => {
      const donation = state.donations.get(data.donationId);
      if (donation) {
        donation.balanceFen = data.balanceFen;
        state.syncDonation(data.donationId);
      }
      state.moveMoney(data.target, data.amountFen);
    },
    DonationRefunded: (data: DonationRefundedData) => {
      const donation = state.donations.get(data.donationId);
      if (!donation) return;
      donation.balanceFen = data.balanceFen;
      state.syncDonation(data.donationId);
    },
    DonationExpired: (data: DonationExpiredData) => {
      const donation = state.donations.get(data.donationId);
      if (!donation) return;
      donation.expired = true;
      state.syncDonation(data.donationId);
    },

    OrganisationRegistered: (data: OrganisationRegisteredData) => {
      state.organisations.set(data.organisationId, {
        organisationId: data.organisationId,
        district: intern.string(data.district),
        city: data.area?.city === undefined ? undefined : intern.string(data.area.city),
        categories: intern.list(data.serviceCategories),
        capacity: data.capacity,
        grade: 0,
        evaluationScore: undefined,
        needMatches: undefined,
        stationContracts: undefined,
        inspectionFailed: false,
        suspended: false,
        deregistered: false,
        spareCapacity: 0,
        received: [],
      });
      state.syncOrganisation(data.organisationId);
    },
    OrganisationGraded: (data: OrganisationGradedData) => state.updateOrganisation(data.organisationId, (o) => (o.grade = data.grade)),
    // Rule 11: an organisation that failed its annual inspection is not offered until it passes.
    AnnualInspectionFailed: (data: { organisationId: string }) => state.updateOrganisation(data.organisationId, (o) => (o.inspectionFailed = true)),
    AnnualInspectionPassed: (data: { organisationId: string }) => state.updateOrganisation(data.organisationId, (o) => (o.inspectionFailed = false)),
    OrganisationSuspended: (data: { organisationId: string }) => state.updateOrganisation(data.organisationId, (o) => (o.suspended = true)),
    OrganisationReinstated: (data: { organisationId: string }) => state.updateOrganisation(data.organisationId, (o) => (o.suspended = false)),
    OrganisationDeregistered: (data: { organisationId: string }) => state.updateOrganisation(data.organisationId, (o) => (o.deregistered = true)),
    StationContractRecorded: (data: StationContractRecordedData) =>
      state.updateOrganisation(data.organisationId, (o) => (o.stationContracts ??= new Set()).add(data.projectId)),
    StationContractReleased: (data: StationContractReleasedData) =>
      state.updateOrganisation(data.organisationId, (o) => (o.stationContracts = withoutKey(o.stationContracts, data.projectId))),
    ContractEvaluated: (data: ContractEvaluatedData) => {
      state.updateOrganisation(data.organisationId, (o) => (o.evaluationScore = Math.max(0, Math.min(100, data.score))));
    },

    ProjectDesigned: (data: ProjectDesignedData) => {
      const area: AreaScope =
        data.kind === 'social_work_station' && data.stationLevel === 'general'
          ? { city: data.area.city, district: data.area.district }
          : data.kind === 'social_work_station'
            ? { city: data.area.city, district: data.area.district, street: data.area.street }
            : data.area;
      state.projects.set(data.projectId, {
        projectId: data.projectId,
        area: intern.place(area),
        categories: intern.list(data.categories),
        status: 'designed',
        budgetFen: data.budgetFen,
        fundedFen: 0,
        fundingGapFen: 0,
        received: [],
      });
      state.syncProject(data.projectId);
    },
    ProjectPublishedForPurchase: (data: { projectId: string }) => state.setProjectStatus(data.projectId, 'published'),
    BiddingClosed: (data: { projectId: string }) => state.setProjectStatus(data.projectId, 'bidding_closed'),
    OrganisationContracted: (data: OrganisationContractedData) => state.setProjectStatus(data.projectId, 'contracted'),
    StaffOnPostConfirmed: (data: { projectId: string }) => state.setProjectStatus(data.projectId, 'staffed'),
    ServiceDelivered: (data: { projectId: string }) => state.setProjectStatus(data.projectId, 'in_delivery'),
    ContractTerminated: (data: { projectId: string }) => state.setProjectStatus(data.projectId, 'terminated'),
    ProjectCompleted: (data: { projectId: string }) => state.setProjectStatus(data.projectId, 'completed'),
  } as FoldHandlers;
};
