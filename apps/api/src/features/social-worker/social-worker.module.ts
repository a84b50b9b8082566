import { Module } from '@nestjs/common';
import { HandleSocialWorkerCommandHandler } from './handle-social-worker.command.js';
import { SocialWorkerCommandsController } from './social-worker.controller.js';
import { SocialWorkerQueriesController } from './social-worker-queries.controller.js';

@Module({
  controllers: [SocialWorkerCommandsController, SocialWorkerQueriesController],
  providers: [HandleSocialWorkerCommandHandler],
})
export class SocialWorkerModule {}
