import { Logger, Module } from '@nestjs/common';
import { CommandService, FactsLoader, ProjectCommands, WorkflowRunner } from '#application';
import { domainWorkflows } from '#domain';
import { AggregateStore } from '#event-store';
import { HandleProjectCommandHandler } from './handle-project.command.js';
import { ProjectChallengesController } from './project-challenges.controller.js';
import { ProjectCommandsController } from './project.controller.js';
import { ProjectQueriesController } from './project-queries.controller.js';

@Module({
  controllers: [ProjectCommandsController, ProjectChallengesController, ProjectQueriesController],
  providers: [
    HandleProjectCommandHandler,
    {
      // The same workflows the projector runs durably; the project's flow runs their steps at once.
      provide: ProjectCommands,
      useFactory: (commands: CommandService, facts: FactsLoader, aggregates: AggregateStore) => {
        const logger = new Logger('Workflows');
        return new ProjectCommands(commands, facts, new WorkflowRunner(domainWorkflows, commands, aggregates, logger), logger);
      },
      inject: [CommandService, FactsLoader, AggregateStore],
    },
  ],
})
export class ProjectModule {}
