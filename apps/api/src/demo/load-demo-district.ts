import { chinaDateOf, chinaInstant } from '#domain';
import { Agenda, historyStart } from './calendar.js';
import type { DemoClock } from './demo-clock.js';
import { DemoClient, type DemoStats } from './demo-client.js';
import type { DemoHttp } from './demo-http.js';
import { communitiesAt, organisationsOf, planDistrict } from './plan-district.js';
import { planCharity } from './plan-charity.js';
import { planNeeds } from './plan-needs.js';
import { planProjects } from './plan-projects.js';
import { Prng } from './prng.js';
import type { DemoContext, DemoWorld } from './world.js';

/** Twelve weeks: long enough for bidding, a month to get staff on post, weekly hours and monthly briefs. */
export const HISTORY_WEEKS = 12;
const SEED = 0x5e1d_2026;

export interface LoadDemoOptions {
  /** The clock the service decides with; the load moves it through the history, then catches it up. */
  clock: DemoClock;
  /** 1 is the full district (~30 organisations, 60 social workers, 300 volunteers, 150 needs); 0.1 suits tests. */
  scale?: number;
  /** The Monday the history starts (YYYY-MM-DD); a re-run passes the first run's to send identical requests. */
  startsOn?: string;
  /** Commands in flight at once where they touch different records. */
  concurrency?: number;
  /** One line per finished week of history. */
  log?: (line: string) => void;
}

export interface DemoDistrictReport {
  startsOn: string;
  scale: number;
  stats: DemoStats;
  /** Commands refused on purpose, each by the rule it shows. */
  refusals: { what: string; code: string; rule: number | null }[];
  elapsedMs: number;
  commandsPerSecond: number;
  /** The last global position written (pass it as minPosition). */
  position: number;
  projects: { streetStation: string; generalStation: string; meals: string; summer: string; all: { id: string; title: string }[] };
  world: DemoWorld;
}

/**
 * Loads a Xiamen-like district (思明区) through the HTTP API, with the commands its users would
 * send: the bureau, community committees, organisations, social workers, volunteers, donors and
 * residents, each as an actor with an Idempotency-Key, so a re-run stores nothing twice.
 */
export const loadDemoDistrict = async (http: DemoHttp, options: LoadDemoOptions): Promise<DemoDistrictReport> => {
  const started = performance.now();
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 10)) throw new Error(`DEMO_SCALE must be in (0, 10], got ${scale}`);
  const { clock } = options;
  clock.catchUp();
  const startsOn = options.startsOn ?? historyStart(chinaDateOf(clock.now()), HISTORY_WEEKS);
  const agenda = new Agenda(startsOn);
  const random = new Prng(SEED);
  const communities = communitiesAt(scale);
  const { all: organisations, cast } = organisationsOf(communities, scale, random.fork('organisations'));
  const world: DemoWorld = { communities, organisations, socialWorkers: [], volunteers: [], needs: [], donations: [], projects: [] };
  const client = new DemoClient(http);
  const context: DemoContext = { client, agenda, random, scale, world, bureau: { id: 'siming-civil-affairs', role: 'civil_affairs_bureau' }, cast };

  planDistrict(context);
  const story = planNeeds(context);
  const planned = planProjects(context, story);
  planCharity(context, story, () => planned);

  const start = chinaInstant(startsOn, 0).getTime();
  clock.startAt(new Date(start));
  let reportedWeek = 0;
  try {
    await agenda.run({
      clock,
      concurrency: options.concurrency ?? 8,
      beforeNewDay: async () => {
        // The policies' follow-ups (a need matched, a need covered) land on the day that caused them.
        await client.settle();
        const week = Math.floor((clock.now().getTime() - start) / (7 * 24 * 60 * 60 * 1000));
        if (week > reportedWeek) {
          reportedWeek = week;
          options.log?.(`week ${week} of ${HISTORY_WEEKS} done: ${client.stats.commands} commands in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        }
      },
    });
  } finally {
    clock.catchUp();
  }
  const elapsedMs = performance.now() - started;
  return {
    startsOn,
    scale,
    stats: { ...client.stats },
    refusals: [...client.refusals],
    elapsedMs,
    commandsPerSecond: client.stats.commands / (elapsedMs / 1000),
    position: client.position,
    projects: {
      streetStation: planned.streetStation.id,
      generalStation: planned.generalStation.id,
      meals: planned.meals.id,
      summer: planned.summer.id,
      all: planned.all.map(({ id, title }) => ({ id, title })),
    },
    world,
  };
};
