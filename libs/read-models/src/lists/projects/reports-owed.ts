import type { Kysely } from 'kysely';
import { addMonths, chinaDateOf, chinaMonthEnd, chinaMonthOf, nextMonth } from '#domain';
import { giveTurn } from '../../framework/live-batches.js';
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

/**
 * Project ids per `in` list: far under SQLite's 32,766 bound variables and PostgreSQL's 65,535
 * parameters, however many contracts a district holds (one list of every id failed past them).
 */
const PROJECT_IDS_PER_QUERY = 1_000;
const NO_BRIEFS: ReadonlySet<string> = new Set();

/**
 * Rule 10: reports a contract in force owes by now and has not filed, per project. The briefs are
 * read in chunks of PROJECT_IDS_PER_QUERY projects and grouped by project in one pass (a filter of
 * every brief per project was quadratic: on a 1M-event district, 6,757 contracts, one deadline sweep
 * held the event loop for ~2 s); the event loop gets its turns between chunks and while the owed
 * reports are computed.
 */
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
  const briefsFiled = new Map<string, Set<string>>();
  for (let from = 0; from < contracted.length; from += PROJECT_IDS_PER_QUERY) {
    const briefs = (await selectAt(db, 'project_reports', asOf)
      .select(['project_reports.project_id', 'project_reports.period'])
      .where('project_reports.kind', '=', 'monthly_brief')
      .where(
        'project_reports.project_id',
        'in',
        contracted.slice(from, from + PROJECT_IDS_PER_QUERY).map((row) => row.project_id),
      )
      .execute()) as { project_id: string; period: string }[];
    for (const { project_id, period } of briefs) {
      const periods = briefsFiled.get(project_id);
      if (periods) periods.add(period);
      else briefsFiled.set(project_id, new Set([period]));
    }
    await giveTurn();
  }
  for (const row of contracted) {
    owed.set(row.project_id, reportsOwed(row, briefsFiled.get(row.project_id) ?? NO_BRIEFS, now));
    await giveTurn();
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
