import { Module } from '@nestjs/common';
import { HandleProjectCommandHandler } from './handle-project.command.js';
import { ProjectCommandsController } from './project.controller.js';
import { ProjectQueriesController } from './project-queries.controller.js';

@Module({
  controllers: [ProjectCommandsController, ProjectQueriesController],
  providers: [HandleProjectCommandHandler],
})
export class ProjectModule {}
