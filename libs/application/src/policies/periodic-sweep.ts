/**
 * A policy on a clock: runs `sweepOnce` every `intervalMs` (and once at start), never two at once,
 * without keeping the process alive; a failed sweep is reported and the next tick tries again.
 */
export class PeriodicSweep<Result> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Result> | null = null;

  constructor(
    private readonly sweepOnce: () => Promise<Result>,
    private readonly intervalMs: number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** One sweep now; a call while one runs answers that one. */
  sweep(): Promise<Result> {
    this.running ??= this.sweepOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep().catch(this.onFailure), this.intervalMs);
    this.timer.unref();
    void this.sweep().catch(this.onFailure);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
