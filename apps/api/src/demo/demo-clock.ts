/**
 * The clock the demo service decides with. The demo replays about twelve weeks of a district's
 * life in seconds: bidding deadlines pass, staff log weekly hours (rule 2), monthly briefs fall due
 * (rule 10). The clock runs at real speed but behind real time; the loader only moves it forward,
 * and when the load is done it has caught up with real time, so the running service is ordinary.
 */
export interface DemoClock {
  now(): Date;
  /** Sets the clock back to where a (re-)run of the history starts. */
  startAt(instant: Date): void;
  /** Moves the clock forward to `instant` (never back, never past real time). */
  advanceTo(instant: Date): void;
  /** From now on the clock is real time. */
  catchUp(): void;
}

export class SimulatedClock implements DemoClock {
  private behindMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.realNow() - this.behindMs);
  }

  startAt(instant: Date): void {
    if (instant.getTime() > this.realNow()) throw new Error(`The demo clock does not run ahead of real time (to ${instant.toISOString()})`);
    this.behindMs = this.realNow() - instant.getTime();
  }

  advanceTo(instant: Date): void {
    const target = instant.getTime();
    if (target < this.now().getTime()) throw new Error(`The demo clock does not run backwards (to ${instant.toISOString()})`);
    if (target > this.realNow()) throw new Error(`The demo clock does not run ahead of real time (to ${instant.toISOString()})`);
    this.behindMs = this.realNow() - target;
  }

  catchUp(): void {
    this.behindMs = 0;
  }
}
