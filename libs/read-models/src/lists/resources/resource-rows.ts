import type { Transaction } from 'kysely';
import type { RecordedEvent } from '#event-store';
import type { OrganisationRow, ResourcesListTables, SocialWorkerRow, VolunteerRow } from './resources.tables.js';

export type ResourcesTrx = Transaction<ResourcesListTables>;

/** The row an event is about; an event for a resource never registered is a broken log. */
export async function rowOf<Table extends 'organisations' | 'social_workers' | 'volunteers' | 'donations' | 'communities'>(
  trx: ResourcesTrx,
  table: Table,
  key: string,
  id: string,
  event: RecordedEvent,
): Promise<ResourcesListTables[Table]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const row = await (trx as Transaction<any>).selectFrom(table).selectAll().where(key, '=', id).executeTakeFirst();
  if (!row) throw new Error(`${event.type} for ${table} ${id}, which was never registered`);
  return row as ResourcesListTables[Table];
}

export const organisation = (trx: ResourcesTrx, event: RecordedEvent<{ organisationId: string }>) =>
  rowOf(trx, 'organisations', 'organisation_id', event.data.organisationId, event);
export const socialWorker = (trx: ResourcesTrx, event: RecordedEvent<{ socialWorkerId: string }>) =>
  rowOf(trx, 'social_workers', 'social_worker_id', event.data.socialWorkerId, event);
export const volunteer = (trx: ResourcesTrx, event: RecordedEvent<{ volunteerId: string }>) =>
  rowOf(trx, 'volunteers', 'volunteer_id', event.data.volunteerId, event);
export const donation = (trx: ResourcesTrx, event: RecordedEvent<{ donationId: string }>) =>
  rowOf(trx, 'donations', 'donation_id', event.data.donationId, event);

export const setOrganisation = (trx: ResourcesTrx, id: string, patch: Partial<OrganisationRow>) =>
  trx.updateTable('organisations').set(patch).where('organisation_id', '=', id).execute();
export const setSocialWorker = (trx: ResourcesTrx, id: string, patch: Partial<SocialWorkerRow>) =>
  trx.updateTable('social_workers').set(patch).where('social_worker_id', '=', id).execute();
export const setVolunteer = (trx: ResourcesTrx, id: string, patch: Partial<VolunteerRow>) =>
  trx.updateTable('volunteers').set(patch).where('volunteer_id', '=', id).execute();

/** Organisations and volunteers are filtered by category through one row per category. */
export async function replaceCategories(trx: ResourcesTrx, kind: 'organisation' | 'volunteer', id: string, categories: readonly string[]) {
  await trx.deleteFrom('resource_categories').where('resource_kind', '=', kind).where('resource_id', '=', id).execute();
  const distinct = [...new Set(categories)];
  if (distinct.length > 0) {
    await trx
      .insertInto('resource_categories')
      .values(distinct.map((category) => ({ resource_kind: kind, resource_id: id, category })))
      .execute();
  }
}
