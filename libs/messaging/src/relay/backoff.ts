export interface BackoffOptions {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** The cap: a broker that stays down is probed at most this far apart. */
  maxDelayMs: number;
  multiplier?: number;
  /** Fraction (0..1) taken off at random so many relays do not retry in lock-step. */
  jitter?: number;
}

/** Exponential backoff with a cap; `reset()` after a success starts again from the initial delay. */
export class ExponentialBackoff {
  private failures = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {
    if (options.initialDelayMs <= 0 || options.maxDelayMs < options.initialDelayMs) {
      throw new RangeError('backoff needs 0 < initialDelayMs <= maxDelayMs');
    }
  }

  nextDelayMs(): number {
    const multiplier = this.options.multiplier ?? 2;
    const jitter = this.options.jitter ?? 0.2;
    const uncapped = this.options.initialDelayMs * multiplier ** this.failures;
    const base = Math.min(this.options.maxDelayMs, uncapped);
    this.failures += 1;
    return Math.round(base * (1 - jitter * this.random()));
  }

  reset(): void {
    this.failures = 0;
  }
}
