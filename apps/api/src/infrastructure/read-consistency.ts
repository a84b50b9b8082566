import { Inject, Injectable } from '@nestjs/common';
import type { Infrastructure, WusheConfig } from '#platform';
import { ProjectionTimeoutError } from '#read-models';
import { HttpApiError } from '../http/api-error.js';
import { WUSHE_CONFIG } from './tokens.js';

/** Read-your-writes: a query carrying `minPosition` waits (bounded) until the read models include it. */
@Injectable()
export class ReadConsistency {
  constructor(
    @Inject('INFRASTRUCTURE') private readonly infrastructure: Infrastructure,
    @Inject(WUSHE_CONFIG) private readonly config: WusheConfig,
  ) {}

  async atLeast(minPosition: number | undefined): Promise<void> {
    if (minPosition === undefined || minPosition <= 0) return;
    try {
      await this.infrastructure.readModels.waitForPosition(minPosition, this.config.READ_WAIT_TIMEOUT_MS);
    } catch (error) {
      // Judged only once the wait gave up: a write's position may be briefly above the settled head
      // (PostgreSQL), but a position still above it after the wait is one no write answered, a client's
      // mistake (?minPosition=999999999) and not the service's 504.
      if (error instanceof ProjectionTimeoutError && minPosition > (await this.infrastructure.eventStore.headPosition())) {
        throw new HttpApiError(400, 'POSITION_NOT_WRITTEN', `No write has reached position ${minPosition}: send a position a command answered`);
      }
      throw error;
    }
  }
}
