import type {
  GiftMatchedData,
  GiftMatchReversedData,
  AwardAnnouncedData,
  ChallengeDismissedData,
  ChallengeLodgedData,
  ChallengeUpheldData,
  BiddingClosedData,
  BidSubmittedData,
  BidWithdrawnData,
  ContractEvaluatedData,
  ContractTerminatedData,
  DonationMatchedData,
  DonationMatchReleasedData,
  OrganisationContractedData,
  ProjectCompletedData,
  ProjectDesignedData,
  ProjectPublishedForPurchaseData,
  ProjectStaffAssignedData,
  ProjectStaffReleasedData,
  ReportFiledData,
  ServiceDeliveredData,
  ServiceRatedData,
  StaffOnPostConfirmedData,
} from '#domain';
import type { Projection } from '../../framework/projection.js';
import { onAwardAndChallenges } from './award-and-challenges.handlers.js';
import { onContractAndStaff } from './contract-and-staff.handlers.js';
import { onDeliveryAndReports } from './delivery-and-reports.handlers.js';
import { onFunding } from './funding.handlers.js';
import { projectsListTables } from './projects.schema.js';
import { PROJECTS_LIST, type ProjectsListTables } from './projects.tables.js';
import { onPurchase } from './purchase.handlers.js';

/** The facts the projects list follows, by type. */
export interface ProjectsListEvents {
  ProjectDesigned: ProjectDesignedData;
  ProjectPublishedForPurchase: ProjectPublishedForPurchaseData;
  BidSubmitted: BidSubmittedData;
  BidWithdrawn: BidWithdrawnData;
  BiddingClosed: BiddingClosedData;
  AwardAnnounced: AwardAnnouncedData;
  ChallengeLodged: ChallengeLodgedData;
  ChallengeDismissed: ChallengeDismissedData;
  ChallengeUpheld: ChallengeUpheldData;
  OrganisationContracted: OrganisationContractedData;
  ProjectStaffAssigned: ProjectStaffAssignedData;
  ProjectStaffReleased: ProjectStaffReleasedData;
  StaffOnPostConfirmed: StaffOnPostConfirmedData;
  ServiceDelivered: ServiceDeliveredData;
  ReportFiled: ReportFiledData;
  ServiceRated: ServiceRatedData;
  ContractEvaluated: ContractEvaluatedData;
  ContractTerminated: ContractTerminatedData;
  ProjectCompleted: ProjectCompletedData;
  DonationMatched: DonationMatchedData;
  DonationMatchReleased: DonationMatchReleasedData;
  GiftMatched: GiftMatchedData;
  GiftMatchReversed: GiftMatchReversedData;
}

/** 民生项目清单: one handler per event type, grouped by the project's phase. */
export class ProjectsListProjection implements Projection<ProjectsListTables, ProjectsListEvents> {
  readonly name = PROJECTS_LIST;
  // 2: awards and challenges (质疑), their standstill and the project_challenges table.
  // 3: funding_pool_fen (配捐 given to the project: GiftMatched, GiftMatchReversed).
  readonly version = 3;
  // Handlers write only through their transaction: batches keep the rows in memory (framework/write-behind/).
  readonly writeBehind = true;
  readonly tables = projectsListTables;
  readonly on = { ...onPurchase, ...onAwardAndChallenges, ...onContractAndStaff, ...onDeliveryAndReports, ...onFunding };
}
