import { Module } from '@nestjs/common';
import { LiveEventsController } from './live-events.controller.js';

/** GET /events/stream: which lists changed, for the console's live refresh. */
@Module({ controllers: [LiveEventsController] })
export class LiveEventsModule {}
