import { addDays, chinaDateOf, chinaInstant, mondayOf, weekdayOf } from '#domain';
import type { DemoClock } from './demo-clock.js';

// Beijing-calendar arithmetic lives in the domain's calendar module; the demo re-exports what it uses.
export { addDays, chinaInstant, weekdayOf };

/** The Monday `weeks` weeks before the week of `today`: where the demo's history starts. */
export const historyStart = (today: string, weeks: number): string => addDays(mondayOf(today), -7 * weeks);

type Task = () => Promise<void>;

interface Entry {
  at: number;
  order: number;
  task: Task;
}

/**
 * The demo's diary: tasks at China-local days and hours of the history. It runs them in time order,
 * moving the clock the service decides with; tasks due at the same moment run side by side (they
 * touch different records), and before a new day the read models and policies catch up.
 */
export class Agenda {
  private readonly entries: Entry[] = [];
  private order = 0;
  private current = Number.NEGATIVE_INFINITY;

  constructor(
    /** Day 0, a Monday (YYYY-MM-DD). */
    readonly startsOn: string,
  ) {}

  /** The date of day `day` of the history. */
  date(day: number): string {
    return addDays(this.startsOn, day);
  }

  /** Schedules `task` on day `day` at `hour` (China time); a task may schedule later ones. */
  at(day: number, hour: number, task: Task): void {
    const at = chinaInstant(this.date(day), Math.floor(hour), Math.round((hour % 1) * 60)).getTime();
    if (at < this.current) throw new Error(`A task was scheduled in the demo's past (day ${day}, ${hour}h)`);
    this.entries.push({ at, order: this.order++, task });
  }

  async run(options: { clock: DemoClock; concurrency: number; beforeNewDay: () => Promise<void> }): Promise<void> {
    let day: string | null = null;
    while (this.entries.length > 0) {
      this.entries.sort((left, right) => left.at - right.at || left.order - right.order);
      const at = this.entries[0]!.at;
      const due = this.entries.filter((entry) => entry.at === at);
      this.entries.splice(0, due.length);
      const date = chinaDateOf(new Date(at));
      if (day !== null && date !== day) await options.beforeNewDay();
      day = date;
      this.current = at;
      // A long batch may have carried the clock past the next task's time; it then runs a little late.
      if (at > options.clock.now().getTime()) options.clock.advanceTo(new Date(at));
      let next = 0;
      const worker = async () => {
        while (next < due.length) await due[next++]!.task();
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency, due.length) }, worker));
    }
    await options.beforeNewDay();
  }
}
