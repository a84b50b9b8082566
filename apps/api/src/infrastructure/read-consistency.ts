import { Inject, Injectable } from '@nestjs/common';
import type { Infrastructure, WusheConfig } from '#platform';
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
    await this.infrastructure.readModels.waitForPosition(minPosition, this.config.READ_WAIT_TIMEOUT_MS);
  }
}
