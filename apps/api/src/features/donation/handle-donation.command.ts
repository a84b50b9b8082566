import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { donationDecider, type DonationCommand, type DonationTarget, type MatchDonationData, type PledgeDonationData } from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { FactsLoader } from '../../infrastructure/facts-loader.js';

/** PledgeDonation as a caller sends it: the community by id; the handler places the donation in its area. */
export type PledgeDonationInput = { type: 'PledgeDonation'; data: Omit<PledgeDonationData, 'area'> & { communityId: string } };
/**
 * MatchDonation as a caller sends it: the need or project by kind and id. The handler reads the
 * target's category and area from its stream, so the earmark (rule 12) is checked against facts,
 * never against what a client claims.
 */
export type MatchDonationInput = {
  type: 'MatchDonation';
  data: Omit<MatchDonationData, 'target'> & { target: { kind: DonationTarget['kind']; id: string } };
};
export type DonationCommandInput = PledgeDonationInput | MatchDonationInput | Exclude<DonationCommand, { type: 'PledgeDonation' | 'MatchDonation' }>;

export class HandleDonationCommand extends Command<HandledCommand> {
  constructor(
    readonly donationId: string,
    readonly command: DonationCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandleDonationCommand)
export class HandleDonationCommandHandler implements ICommandHandler<HandleDonationCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: FactsLoader,
  ) {}

  async execute({ donationId, command, envelope }: HandleDonationCommand): Promise<HandledCommand> {
    return this.executor.execute(donationDecider, donationId, await this.withFacts(command), envelope);
  }

  private async withFacts(command: DonationCommandInput): Promise<DonationCommand> {
    switch (command.type) {
      case 'PledgeDonation': {
        const { communityId, ...data } = command.data;
        return { type: 'PledgeDonation', data: { ...data, area: (await this.facts.community(communityId)).area } };
      }
      case 'MatchDonation': {
        const { target, ...data } = command.data;
        return { type: 'MatchDonation', data: { ...data, target: await this.targetOf(target) } };
      }
      default:
        return command;
    }
  }

  private async targetOf({ kind, id }: MatchDonationInput['data']['target']): Promise<DonationTarget> {
    if (kind === 'need') {
      const need = await this.facts.need(id);
      return { kind: 'need', needId: need.needId, category: need.category, area: need.area };
    }
    const project = await this.facts.project(id);
    return { kind: 'project', projectId: project.projectId, categories: project.categories, area: project.area };
  }
}
