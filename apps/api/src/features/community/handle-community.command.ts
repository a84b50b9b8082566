import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { communityDecider, type CommunityCommand } from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';

/** A community's commands need no facts about other aggregates: the community is the platform. */
export class HandleCommunityCommand extends Command<HandledCommand> {
  constructor(
    readonly communityId: string,
    readonly command: CommunityCommand,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandleCommunityCommand)
export class HandleCommunityCommandHandler implements ICommandHandler<HandleCommunityCommand> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ communityId, command, envelope }: HandleCommunityCommand): Promise<HandledCommand> {
    return this.executor.execute(communityDecider, communityId, command, envelope);
  }
}
