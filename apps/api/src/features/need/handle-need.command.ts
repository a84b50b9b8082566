import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { needDecider, type ListNeedData, type NeedCommand, type RecordNeedMatchData } from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { FactsLoader } from '../../infrastructure/facts-loader.js';

/** ListNeed as a caller sends it: the community by id; the handler loads its facts. */
export type ListNeedInput = { type: 'ListNeed'; data: Omit<ListNeedData, 'community'> & { communityId: string } };
/** RecordNeedMatch as a caller sends it: the handler loads whether the resource exists and serves. */
export type RecordNeedMatchInput = { type: 'RecordNeedMatch'; data: Omit<RecordNeedMatchData, 'resourceInService'> };
/** CoverNeedByProject as a caller sends it: the project by id; the handler loads its facts. */
export type CoverNeedByProjectInput = { type: 'CoverNeedByProject'; data: { projectId: string } };
/**
 * What an endpoint may ask of a need. RecordResourceMatch is absent on purpose: only the policies
 * that react to DonationMatched and VolunteerAssigned send it (rule 12: no side door).
 */
export type NeedCommandInput =
  | ListNeedInput
  | RecordNeedMatchInput
  | CoverNeedByProjectInput
  | Exclude<NeedCommand, { type: 'ListNeed' | 'RecordNeedMatch' | 'RecordResourceMatch' | 'CoverNeedByProject' }>;

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
    switch (command.type) {
      case 'ListNeed': {
        const { communityId, ...data } = command.data;
        return { type: 'ListNeed', data: { ...data, community: await this.facts.community(communityId) } };
      }
      case 'RecordNeedMatch':
        return { type: 'RecordNeedMatch', data: { ...command.data, resourceInService: await this.resourceInService(command.data.resource) } };
      case 'CoverNeedByProject':
        return { type: 'CoverNeedByProject', data: { project: await this.facts.project(command.data.projectId) } };
      default:
        return command;
    }
  }

  /**
   * A social worker or organisation that does not exist answers 404 here. Donations and volunteers
   * are refused by the decider whatever their state (they decide their own matches), so they are not loaded.
   */
  private async resourceInService({ kind, id }: RecordNeedMatchData['resource']): Promise<boolean> {
    switch (kind) {
      case 'social_worker':
        return (await this.facts.socialWorker(id)).status === 'active';
      case 'organisation':
        return (await this.facts.organisation(id)).status === 'registered';
      default:
        return false;
    }
  }
}
