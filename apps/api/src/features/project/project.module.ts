import { Logger, Module } from '@nestjs/common';
import { CommandService, FactsLoader, ProjectCommands, reportDraftsOver, WorkflowRunner } from '#application';
import { ReadModelQueries } from '#read-models';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
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
      useFactory: (commands: CommandService, facts: FactsLoader, aggregates: AggregateStore, queries: ReadModelQueries, events: EventStore) => {
        const logger = new Logger('Workflows');
        const workflows = new WorkflowRunner(domainWorkflows, commands, aggregates, logger);
        return new ProjectCommands(commands, facts, workflows, logger, reportDraftsOver(commands, queries, events));
      },
      inject: [CommandService, FactsLoader, AggregateStore, ReadModelQueries, EVENT_STORE],
    },
  ],
})
export class ProjectModule {}
