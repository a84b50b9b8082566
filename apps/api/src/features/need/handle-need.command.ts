import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { needDecider, type ListNeedData, type NeedCommand } from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { FactsLoader } from '../../infrastructure/facts-loader.js';

/** ListNeed as a caller sends it: the community by id; the handler loads its facts. */
export type ListNeedInput = { type: 'ListNeed'; data: Omit<ListNeedData, 'community'> & { communityId: string } };
export type NeedCommandInput = ListNeedInput | Exclude<NeedCommand, { type: 'ListNeed' }>;

export class HandleNeedCommand extends Command<HandledCommand> {
  constructor(
    readonly needId: string,
    readonly command: NeedCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandleNeedCommand)
export class HandleNeedCommandHandler implements ICommandHandler<HandleNeedCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: FactsLoader,
  ) {}

  async execute({ needId, command, envelope }: HandleNeedCommand): Promise<HandledCommand> {
    return this.executor.execute(needDecider, needId, await this.withFacts(command), envelope);
  }

  private async withFacts(command: NeedCommandInput): Promise<NeedCommand> {
    if (command.type !== 'ListNeed') return command;
    const { communityId, ...data } = command.data;
    return { type: 'ListNeed', data: { ...data, community: await this.facts.community(communityId) } };
  }
}
