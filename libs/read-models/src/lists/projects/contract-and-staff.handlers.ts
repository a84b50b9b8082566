import type {
  ContractTerminatedData,
  OrganisationContractedData,
  ProjectCompletedData,
  ProjectStaffAssignedData,
  ProjectStaffReleasedData,
  StaffOnPostConfirmedData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { flag } from '../shared/columns.js';
import { requireProject, updateProject, type ProjectsTrx } from './project-row.js';

/** Staff counts follow the active staff rows, so a re-assignment never counts twice. */
async function recountStaff(trx: ProjectsTrx, projectId: string): Promise<void> {
  const staff = await trx
    .selectFrom('project_staff')
    .select(['qualified'])
    .where('project_id', '=', projectId)
    .where('active', '=', 1)
    .execute();
  await updateProject(trx, projectId, {
    staff_count: staff.length,
    staff_qualified: staff.filter((member) => member.qualified === 1).length,
  });
}

/** The contract and its staff: signed, staffed, on post, then terminated or completed. */
export const onContractAndStaff = {
  OrganisationContracted: async (event: RecordedEvent<OrganisationContractedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    const contracted = event.data;
    await trx
      .updateTable('project_bids')
      .set({ status: 'lost' })
      .where('project_id', '=', contracted.projectId)
      .where('status', '=', 'standing')
      .execute();
    await trx.updateTable('project_bids').set({ status: 'won' }).where('bid_id', '=', contracted.bidId).execute();
    await updateProject(trx, contracted.projectId, {
      status: 'contracted',
      contract_bid_id: contracted.bidId,
      contractor_organisation_id: contracted.organisationId,
      contractor_name: contracted.organisationName,
      contract_price_fen: contracted.contract.priceFen,
      contract_term_months: contracted.contract.termMonths,
      settlement_method: contracted.contract.settlementMethod,
      signed_at: contracted.signedAt,
      staff_on_post_deadline: contracted.staffOnPostDeadline,
      ends_at: contracted.endsAt,
    });
  },

  ProjectStaffAssigned: async (event: RecordedEvent<ProjectStaffAssignedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    const staff = event.data;
    const row = {
      organisation_id: staff.organisationId,
      qualified: flag(staff.qualified),
      grade: staff.grade,
      active: 1,
      assigned_at: staff.assignedAt,
      released_at: null,
      release_reason: null,
    };
    await trx
      .insertInto('project_staff')
      .values({ project_id: staff.projectId, social_worker_id: staff.socialWorkerId, ...row })
      .onConflict((oc) => oc.columns(['project_id', 'social_worker_id']).doUpdateSet(row))
      .execute();
    await recountStaff(trx, staff.projectId);
  },

  ProjectStaffReleased: async (event: RecordedEvent<ProjectStaffReleasedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    await trx
      .updateTable('project_staff')
      .set({ active: 0, released_at: event.data.releasedAt, release_reason: event.data.reason })
      .where('project_id', '=', event.data.projectId)
      .where('social_worker_id', '=', event.data.socialWorkerId)
      .execute();
    await recountStaff(trx, event.data.projectId);
  },

  StaffOnPostConfirmed: async (event: RecordedEvent<StaffOnPostConfirmedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    await updateProject(trx, event.data.projectId, { staff_on_post_at: event.data.confirmedAt });
  },

  ContractTerminated: async (event: RecordedEvent<ContractTerminatedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    await updateProject(trx, event.data.projectId, {
      status: 'terminated',
      terminated_at: event.data.terminatedAt,
      termination_reason: event.data.reason,
    });
  },

  ProjectCompleted: async (event: RecordedEvent<ProjectCompletedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    await updateProject(trx, event.data.projectId, { status: 'completed', completed_at: event.data.completedAt });
  },
};
