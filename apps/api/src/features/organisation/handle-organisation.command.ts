import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { organisationDecider, type OrganisationCommand, type RegisterOrganisationData } from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { FactsLoader } from '../../infrastructure/facts-loader.js';

/** RegisterOrganisation as a caller sends it: the seat by community id; the handler loads its area. */
export type RegisterOrganisationInput = {
  type: 'RegisterOrganisation';
  data: Omit<RegisterOrganisationData, 'area'> & { communityId?: string | null };
};
/**
 * Every organisation command, including RecordStationContract / ReleaseStationContract, which only
 * the project's contracting flow sends (they are not HTTP endpoints).
 */
export type OrganisationCommandInput = RegisterOrganisationInput | Exclude<OrganisationCommand, { type: 'RegisterOrganisation' }>;

export class HandleOrganisationCommand extends Command<HandledCommand> {
  constructor(
    readonly organisationId: string,
    readonly command: OrganisationCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandleOrganisationCommand)
export class HandleOrganisationCommandHandler implements ICommandHandler<HandleOrganisationCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: FactsLoader,
  ) {}

  async execute({ organisationId, command, envelope }: HandleOrganisationCommand): Promise<HandledCommand> {
    return this.executor.execute(organisationDecider, organisationId, await this.withFacts(command), envelope);
  }

  private async withFacts(command: OrganisationCommandInput): Promise<OrganisationCommand> {
    if (command.type !== 'RegisterOrganisation') return command;
    const { communityId, ...data } = command.data;
    // District-wide organisations have no seat; the decider checks a seat lies in the district.
    const area = communityId ? (await this.facts.community(communityId)).area : null;
    return { type: 'RegisterOrganisation', data: { ...data, area } };
  }
}
