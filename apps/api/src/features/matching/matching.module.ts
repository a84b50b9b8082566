import { Module } from '@nestjs/common';
import { MatchingService } from '../../../../projector/src/matching/matching.service.js';
import { MatchingController } from './matching.controller.js';

/**
 * Matching over HTTP. The MatchingService (in-memory engine fed by the event store) starts with the
 * app, so an API replica without a projector still answers proposals; decisions go through the
 * need, donation and volunteer command handlers, whose modules must be registered too.
 */
@Module({
  controllers: [MatchingController],
  providers: [MatchingService],
  exports: [MatchingService],
})
export class MatchingModule {}
