import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import { reportsDueBy } from './reports-owed.js';

/** More contracts than SQLite binds variables in one statement (32,766): a district's worth at province scale. */
const CONTRACTS = 33_000;
const UNTIL = new Date('2026-11-30T00:00:00Z');

describe('reports owed across every contract in force (rule 10, seed 004)', () => {
  let database: ReadModelDatabase;
  beforeAll(async () => {
    database = await openReadModelDatabase({ kind: 'sqlite', path: ':memory:' });
    // Only the columns reportsDueBy reads: the projects list's own tables have many more, none of them needed here.
    await sql`create table projects (project_id text primary key, status text not null, contractor_organisation_id text,
      signed_at text, ends_at text, contract_term_months integer, mid_term_filed integer not null default 0, final_filed integer not null default 0)`.execute(database.db);
    await sql`create table project_reports (report_id text primary key, project_id text not null, kind text not null, period text not null)`.execute(database.db);
    // Signed 1 September 2026 (Beijing) for 12 months: by 30 November the September and October briefs are due.
    await database.db.transaction().execute(async (trx) => {
      for (let from = 0; from < CONTRACTS; from += 500) {
        const ids = Array.from({ length: Math.min(500, CONTRACTS - from) }, (_, index) => `p-${from + index}`);
        await trx.insertInto('projects').values(ids.map((project_id) => ({
          project_id, status: 'contracted', contractor_organisation_id: 'org-1',
          signed_at: '2026-08-31T16:00:00.000Z', ends_at: '2027-08-31T16:00:00.000Z', contract_term_months: 12,
        })) as never).execute();
      }
      // The first contract filed its September brief; the last one both.
      await trx.insertInto('project_reports').values([
        { report_id: 'r-1', project_id: 'p-0', kind: 'monthly_brief', period: '2026-09' },
        { report_id: 'r-2', project_id: `p-${CONTRACTS - 1}`, kind: 'monthly_brief', period: '2026-09' },
        { report_id: 'r-3', project_id: `p-${CONTRACTS - 1}`, kind: 'monthly_brief', period: '2026-10' },
      ] as never).execute();
    });
  });
  afterAll(async () => database.close());

  it('answers for more contracts than one statement can bind, each with its own briefs, giving the event loop turns meanwhile (failed before: "too many SQL variables"; a filter per project held the loop ~2 s on a 1M-event district)', async () => {
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 1);
    let due: Awaited<ReturnType<typeof reportsDueBy>>;
    try {
      due = await reportsDueBy(database.db, UNTIL);
    } finally {
      clearInterval(ticking);
    }
    expect(turns).toBeGreaterThan(1);
    const byProject = new Map<string, string[]>();
    for (const report of due) byProject.set(report.projectId, [...(byProject.get(report.projectId) ?? []), report.period]);
    expect(byProject.size).toBe(CONTRACTS - 1);
    expect(byProject.get('p-0')).toEqual(['2026-10']);
    expect(byProject.get('p-1')?.sort()).toEqual(['2026-09', '2026-10']);
    expect(byProject.has(`p-${CONTRACTS - 1}`)).toBe(false);
    expect(due.length).toBe(2 * (CONTRACTS - 2) + 1);
  }, 60_000);
});
