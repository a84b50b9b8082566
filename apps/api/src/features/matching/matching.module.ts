import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MatchingService } from '#application';
import { type Infrastructure, matchingServiceFor } from '#platform';
import { MatchingController } from './matching.controller.js';
import { ProposalScope } from './proposal-scope.js';

/** Starts the matching feed with the app and stops it with the app. */
@Injectable()
class MatchingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MatchingService) private readonly matching: MatchingService) {}

  onApplicationBootstrap(): void {
    this.matching.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.matching.stop();
  }
}

/**
 * Matching over HTTP. The MatchingService (in-memory engine fed by the event store) starts with the
 * app, so an API replica without a projector still answers proposals; decisions go through the
 * need, donation and volunteer command tables.
 */
@Module({
  controllers: [MatchingController],
  providers: [
    {
      provide: MatchingService,
      useFactory: (infrastructure: Infrastructure) => {
        const logger = new Logger('MatchingService');
        return matchingServiceFor(infrastructure, { warn: (message) => logger.warn(message), error: (message) => logger.error(message) });
      },
      inject: ['INFRASTRUCTURE'],
    },
    MatchingLifecycle,
    ProposalScope,
  ],
  exports: [MatchingService],
})
export class MatchingModule {}
