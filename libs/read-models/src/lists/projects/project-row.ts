import type { Transaction } from 'kysely';
import type { RecordedEvent } from '#event-store';
import type { ProjectRow, ProjectsListTables } from './projects.tables.js';

export type ProjectsTrx = Transaction<ProjectsListTables>;

/** The project row an event is about; an event for a project never designed is a broken log. */
export async function requireProject(trx: ProjectsTrx, event: RecordedEvent<{ projectId: string }>): Promise<ProjectRow> {
  const project = await trx.selectFrom('projects').selectAll().where('project_id', '=', event.data.projectId).executeTakeFirst();
  if (!project) throw new Error(`${event.type} for project ${event.data.projectId}, which was never designed`);
  return project;
}

/** Changes the project's row; handlers compute the patch from the row they read. */
export async function updateProject(trx: ProjectsTrx, projectId: string, patch: Partial<ProjectRow>): Promise<void> {
  await trx.updateTable('projects').set(patch).where('project_id', '=', projectId).execute();
}
