import { addDays, chinaDateOf } from '#domain';
import type { ReadModelTables } from '../read-model-tables.js';
import type { Consistency, ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST } from '../resources/resources.tables.js';
import { PROJECTS_LIST } from './projects.tables.js';

/**
 * "Hours logged in the last weeks before an evaluation next to the usual rate" (issue 13 item 1): for
 * each annual evaluation of a contract, the volunteer hours entered for the project in the `weeks`
 * weeks before it, as a weekly rate, beside the weekly rate over the contract before that window. A
 * bureau sees a pre-evaluation spike (hours typed in a rush to look busy) at a glance.
 *
 * Counted hours only (confirmed entries and check-outs), dated by when they entered the record
 * (`logged_at`), not by the service date they claim: back-dated hours typed just before the
 * evaluation are exactly the spike to see.
 */
export interface HoursBeforeEvaluation {
  year: number;
  /** The Beijing date of the evaluation. */
  evaluatedOn: string;
  weeks: number;
  /** The window: the `weeks` x 7 Beijing days that end on the day before the evaluation. */
  window: { from: string; to: string; hours: number; weeklyRate: number };
  /** From the contract's signing to the window; null when the contract ran less than a week before it. */
  usual: { from: string; to: string; hours: number; weeks: number; weeklyRate: number } | null;
  /** window.weeklyRate / usual.weeklyRate; null without a usual rate or when it was 0. */
  ratio: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const beijingMidnight = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();
const twoDecimals = (value: number): number => Math.round(value * 100) / 100;

export const hoursBeforeEvaluationQueries = (reads: ReadSide<ReadModelTables>) => ({
  async hoursBeforeEvaluations(projectId: string, weeks: number, consistency: Consistency = {}): Promise<HoursBeforeEvaluation[]> {
    await reads.consistent(consistency, [PROJECTS_LIST, RESOURCES_LIST]);
    const { db } = reads;
    const project = await db.selectFrom('projects').select('signed_at').where('project_id', '=', projectId).executeTakeFirst();
    if (!project?.signed_at) return [];
    const evaluations = await db.selectFrom('project_evaluations').select(['year', 'evaluated_at']).where('project_id', '=', projectId).orderBy('year').execute();
    const hoursBetween = async (from: string, to: string): Promise<number> => {
      const row = await db
        .selectFrom('volunteer_hour_entries')
        .select((eb) => eb.fn.sum<number | string | null>('hours').as('hours'))
        .where('target_kind', '=', 'project')
        .where('target_id', '=', projectId)
        .where('status', '=', 'confirmed')
        .where('logged_at', '>=', from)
        .where('logged_at', '<', to)
        .executeTakeFirst();
      return twoDecimals(Number(row?.hours ?? 0));
    };
    const signedAt = project.signed_at;
    return Promise.all(
      evaluations.map(async ({ year, evaluated_at }) => {
        const evaluatedOn = chinaDateOf(new Date(evaluated_at));
        const windowFrom = addDays(evaluatedOn, -7 * weeks);
        const windowStart = beijingMidnight(windowFrom);
        const windowHours = await hoursBetween(windowStart, beijingMidnight(evaluatedOn));
        const windowWeeklyRate = twoDecimals(windowHours / weeks);
        const usualWeeks = (Date.parse(windowStart) - Date.parse(signedAt)) / (7 * DAY_MS);
        const usual =
          usualWeeks >= 1
            ? await (async () => {
                const hours = await hoursBetween(signedAt, windowStart);
                return { from: chinaDateOf(new Date(signedAt)), to: addDays(windowFrom, -1), hours, weeks: twoDecimals(usualWeeks), weeklyRate: twoDecimals(hours / usualWeeks) };
              })()
            : null;
        return {
          year,
          evaluatedOn,
          weeks,
          window: { from: windowFrom, to: addDays(evaluatedOn, -1), hours: windowHours, weeklyRate: windowWeeklyRate },
          usual,
          ratio: usual && usual.weeklyRate > 0 ? twoDecimals(windowWeeklyRate / usual.weeklyRate) : null,
        };
      }),
    );
  },
});

export type HoursBeforeEvaluationQueries = ReturnType<typeof hoursBeforeEvaluationQueries>;
