import { Logger, Module } from '@nestjs/common';
import { WorkflowRunner } from '#application';
import { domainWorkflows } from '#domain';
import { AggregateStore } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { HandleProjectCommandHandler } from './handle-project.command.js';
import { ProjectCommandsController } from './project.controller.js';
import { ProjectQueriesController } from './project-queries.controller.js';

@Module({
  controllers: [ProjectCommandsController, ProjectQueriesController],
  providers: [
    HandleProjectCommandHandler,
    {
      // The same workflows the projector runs durably; the handler runs their steps at once.
      provide: WorkflowRunner,
      useFactory: (executor: CommandExecutor, aggregates: AggregateStore) => new WorkflowRunner(domainWorkflows, executor, aggregates, new Logger('Workflows')),
      inject: [CommandExecutor, AggregateStore],
    },
  ],
})
export class ProjectModule {}
