import { Module } from '@nestjs/common';
import { CommunityCommandsController } from './community.controller.js';
import { CommunityQueriesController } from './community-queries.controller.js';

@Module({
  controllers: [CommunityCommandsController, CommunityQueriesController],
})
export class CommunityModule {}
