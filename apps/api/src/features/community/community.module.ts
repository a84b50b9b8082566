import { Module } from '@nestjs/common';
import { CommunityCommandsController } from './community.controller.js';
import { CommunityQueriesController } from './community-queries.controller.js';
import { HandleCommunityCommandHandler } from './handle-community.command.js';

@Module({
  controllers: [CommunityCommandsController, CommunityQueriesController],
  providers: [HandleCommunityCommandHandler],
})
export class CommunityModule {}
