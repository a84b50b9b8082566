import { Module } from '@nestjs/common';
import { SocialWorkerCommandsController } from './social-worker.controller.js';
import { SocialWorkerQueriesController } from './social-worker-queries.controller.js';

@Module({
  controllers: [SocialWorkerCommandsController, SocialWorkerQueriesController],
})
export class SocialWorkerModule {}
