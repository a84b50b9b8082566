import type {
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
}

/** 民生项目清单: one handler per event type, grouped by the project's phase. */
export class ProjectsListProjection implements Projection<ProjectsListTables, ProjectsListEvents> {
  readonly name = PROJECTS_LIST;
  readonly version = 1;
  readonly tables = projectsListTables;
  readonly on = { ...onPurchase, ...onContractAndStaff, ...onDeliveryAndReports, ...onFunding };
}
