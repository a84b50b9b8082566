import type {
  AnnualInspectionFailedData,
  AnnualInspectionPassedData,
  CommunityPopulationUpdatedData,
  CommunityRegisteredData,
  ContractTerminatedData,
  DonationDisbursedData,
  DonationExpiredData,
  DonationMatchedData,
  DonationMatchReleasedData,
  DonationPledgedData,
  ElderInDifficultyRegisteredData,
  ElderInDifficultyRemovedData,
  GrantRoundAwardedData,
  HomeVisitRecordedData,
  DonationReceiptCorrectedData,
  DonationReceiptedData,
  DonationRefundedData,
  OrganisationContractedData,
  OrganisationDeregisteredData,
  OrganisationGradedData,
  OrganisationRegisteredData,
  OrganisationReinstatedData,
  OrganisationSuspendedData,
  ProjectCompletedData,
  SocialWorkerAssignedData,
  SocialWorkerCertifiedData,
  SocialWorkerDeregisteredData,
  SocialWorkerEmployedData,
  SocialWorkerRegisteredData,
  SocialWorkerReleasedData,
  StationContractRecordedData,
  StationContractReleasedData,
  VolunteerAssignedData,
  VolunteerAssignmentEndedData,
  VolunteerAvailabilityDeclaredData,
  VolunteerDeregisteredData,
  VolunteerHoursLoggedData,
  VolunteerHoursConfirmedData,
  VolunteerHoursDeclinedData,
  VolunteerCheckedOutData,
  VolunteerRegisteredData,
  VolunteerSkillsDeclaredData,
} from '#domain';
import type { Projection } from '../../framework/projection.js';
import { onCommunities } from './communities.handlers.js';
import { onDonations } from './donations.handlers.js';
import { onElders } from './elders.handlers.js';
import { onGrants } from './grants.handlers.js';
import { onOrganisations } from './organisations.handlers.js';
import { resourcesListTables } from './resources.schema.js';
import { RESOURCES_LIST, type ResourcesListTables } from './resources.tables.js';
import { onSocialWorkers } from './social-workers.handlers.js';
import { onVolunteerHours } from './volunteer-hours.handlers.js';
import { onVolunteers } from './volunteers.handlers.js';

/** The facts the resources list follows, by type. */
export interface ResourcesListEvents {
  CommunityRegistered: CommunityRegisteredData;
  CommunityPopulationUpdated: CommunityPopulationUpdatedData;
  OrganisationRegistered: OrganisationRegisteredData;
  AnnualInspectionPassed: AnnualInspectionPassedData;
  AnnualInspectionFailed: AnnualInspectionFailedData;
  OrganisationGraded: OrganisationGradedData;
  OrganisationSuspended: OrganisationSuspendedData;
  OrganisationReinstated: OrganisationReinstatedData;
  OrganisationDeregistered: OrganisationDeregisteredData;
  StationContractRecorded: StationContractRecordedData;
  StationContractReleased: StationContractReleasedData;
  OrganisationContracted: OrganisationContractedData;
  ContractTerminated: ContractTerminatedData;
  ProjectCompleted: ProjectCompletedData;
  SocialWorkerRegistered: SocialWorkerRegisteredData;
  SocialWorkerCertified: SocialWorkerCertifiedData;
  SocialWorkerEmployed: SocialWorkerEmployedData;
  SocialWorkerAssigned: SocialWorkerAssignedData;
  SocialWorkerReleased: SocialWorkerReleasedData;
  SocialWorkerDeregistered: SocialWorkerDeregisteredData;
  VolunteerRegistered: VolunteerRegisteredData;
  VolunteerSkillsDeclared: VolunteerSkillsDeclaredData;
  VolunteerAvailabilityDeclared: VolunteerAvailabilityDeclaredData;
  VolunteerAssigned: VolunteerAssignedData;
  VolunteerAssignmentEnded: VolunteerAssignmentEndedData;
  VolunteerHoursLogged: VolunteerHoursLoggedData;
  VolunteerHoursConfirmed: VolunteerHoursConfirmedData;
  VolunteerHoursDeclined: VolunteerHoursDeclinedData;
  VolunteerCheckedOut: VolunteerCheckedOutData;
  VolunteerDeregistered: VolunteerDeregisteredData;
  DonationPledged: DonationPledgedData;
  DonationMatched: DonationMatchedData;
  DonationMatchReleased: DonationMatchReleasedData;
  DonationDisbursed: DonationDisbursedData;
  DonationReceipted: DonationReceiptedData;
  DonationReceiptCorrected: DonationReceiptCorrectedData;
  DonationRefunded: DonationRefundedData;
  DonationExpired: DonationExpiredData;
  ElderInDifficultyRegistered: ElderInDifficultyRegisteredData;
  HomeVisitRecorded: HomeVisitRecordedData;
  ElderInDifficultyRemoved: ElderInDifficultyRemovedData;
  GrantRoundAwarded: GrantRoundAwardedData;
}

/** 服务资源清单: one handler per event type, grouped by the kind of resource. */
export class ResourcesListProjection implements Projection<ResourcesListTables, ResourcesListEvents> {
  readonly name = RESOURCES_LIST;
  // 2: donations carry the receipt's amount and whether a refund voided it.
  // 3: district-wide organisations carry their city (who may see them is decided by city and district);
  //    donations keep the donor's vault reference (erasure checks the donation's area).
  // 4: hours from check-outs (VolunteerCheckedOut) and hours_flagged.
  // 5: hours entries with their confirmation (volunteer_hour_entries); self-reported hours count once confirmed.
  // 6: the register of elderly people in special difficulty and their home visits (monthly visit rate).
  // 7: 公益创投 grants (grants): each award of a round, earmarked to its project, with its funder.
  readonly version = 7;
  // Handlers write only through their transaction: batches keep the rows in memory (framework/write-behind/).
  readonly writeBehind = true;
  readonly tables = resourcesListTables;
  readonly on = { ...onCommunities, ...onOrganisations, ...onSocialWorkers, ...onVolunteers, ...onVolunteerHours, ...onDonations, ...onElders, ...onGrants };
}
