import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProjectCommands, type ProjectCommandInput } from '#application';
import type { CommandEnvelope, HandledCommand } from '#event-store';

/** A project command on the CQRS bus: the project's flow (libs/application) handles it. */
export class HandleProjectCommand extends Command<HandledCommand> {
  constructor(
    readonly projectId: string,
    readonly command: ProjectCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandleProjectCommand)
export class HandleProjectCommandHandler implements ICommandHandler<HandleProjectCommand> {
  constructor(private readonly projects: ProjectCommands) {}

  execute({ projectId, command, envelope }: HandleProjectCommand): Promise<HandledCommand> {
    return this.projects.handle(projectId, command, envelope);
  }
}
