import type { Kysely } from 'kysely';
import { addMonths, chinaDateOf, chinaMonthEnd, chinaMonthOf, nextMonth } from '#domain';
import { selectAt } from '../../framework/temporal/as-of-select.js';
import type { ProjectRow, ProjectsListTables } from './projects.tables.js';

export interface OwedReport {
  kind: 'monthly_brief' | 'mid_term' | 'final';
  period: string;
  dueAt: string;
}

/**
 * Mirrors the project aggregate's `reportsDue` (rule 10) over the read model: a monthly brief
 * for each China-local month of the term that has ended, the mid-term report at half the term,
 * the final report at the end.
 */
export function reportsOwed(
  row: Pick<ProjectRow, 'signed_at' | 'ends_at' | 'contract_term_months' | 'mid_term_filed' | 'final_filed'>,
  monthlyBriefsFiled: ReadonlySet<string>,
  now: Date,
): OwedReport[] {
  if (!row.signed_at || !row.ends_at) return [];
  const signedAt = new Date(row.signed_at);
  const endsAt = new Date(row.ends_at);
  const owed: OwedReport[] = [];
  const lastMonth = chinaMonthOf(new Date(endsAt.getTime() - 1));
  for (let month = chinaMonthOf(signedAt); month <= lastMonth; month = nextMonth(month)) {
    const dueAt = chinaMonthEnd(month);
    if (dueAt > now) break;
    if (!monthlyBriefsFiled.has(month)) owed.push({ kind: 'monthly_brief', period: month, dueAt: dueAt.toISOString() });
  }
  const midTermDueAt = addMonths(signedAt, Math.floor((row.contract_term_months ?? 0) / 2));
  if (row.mid_term_filed !== 1 && midTermDueAt <= now) {
    owed.push({ kind: 'mid_term', period: `${chinaDateOf(signedAt)}/${chinaDateOf(midTermDueAt)}`, dueAt: midTermDueAt.toISOString() });
  }
  if (row.final_filed !== 1 && endsAt <= now) {
    owed.push({ kind: 'final', period: `${chinaDateOf(signedAt)}/${chinaDateOf(endsAt)}`, dueAt: endsAt.toISOString() });
  }
  return owed;
}

/** Rule 10: reports a contract in force owes by now and has not filed, per project. */
export async function reportsOwedFor(
  db: Kysely<ProjectsListTables>,
  rows: readonly ProjectRow[],
  now: Date,
  /** As of the end of this Beijing day: the briefs filed by then (the projects list's history). */
  asOf: string | null = null,
): Promise<Map<string, OwedReport[]>> {
  const contracted = rows.filter((row) => row.status === 'contracted' && row.signed_at && row.ends_at);
  const owed = new Map<string, OwedReport[]>();
  if (contracted.length === 0) return owed;
  const briefs = (await selectAt(db, 'project_reports', asOf)
    .select(['project_reports.project_id', 'project_reports.period'])
    .where('project_reports.kind', '=', 'monthly_brief')
    .where(
      'project_reports.project_id',
      'in',
      contracted.map((row) => row.project_id),
    )
    .execute()) as { project_id: string; period: string }[];
  for (const row of contracted) {
    const filed = new Set(briefs.filter((brief) => brief.project_id === row.project_id).map((brief) => brief.period));
    owed.set(row.project_id, reportsOwed(row, filed, now));
  }
  return owed;
}

/** One report a contract owes by a date (a deadline to announce): which project, and which report. */
export interface ReportDue extends OwedReport {
  projectId: string;
  organisationId: string | null;
}

/**
 * Rule 10 across every contract in force: the reports owed by `until` and not filed, oldest due
 * first. `until` ahead of now gives the reports falling due soon (the webhooks' deadline notices).
 */
export async function reportsDueBy(db: Kysely<ProjectsListTables>, until: Date): Promise<ReportDue[]> {
  const rows = (await db.selectFrom('projects').selectAll().where('status', '=', 'contracted').execute()) as ProjectRow[];
  const owed = await reportsOwedFor(db, rows, until);
  return rows
    .flatMap((row) => (owed.get(row.project_id) ?? []).map((report) => ({ ...report, projectId: row.project_id, organisationId: row.contractor_organisation_id })))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
