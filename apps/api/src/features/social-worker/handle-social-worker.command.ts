import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  invalid, socialWorkerDecider, type RegisterSocialWorkerData, type SocialWorkerBase, type SocialWorkerCommand,
} from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { FactsLoader } from '../../infrastructure/facts-loader.js';

/** Where a caller says the social worker is based: a community by id, or a district by its codes. */
export type SocialWorkerBaseInput = { level: 'community'; communityId: string } | { level: 'district'; city: string; district: string };
export type RegisterSocialWorkerInput = {
  type: 'RegisterSocialWorker';
  data: Omit<RegisterSocialWorkerData, 'base'> & { base: SocialWorkerBaseInput };
};
/**
 * What an endpoint may ask of a social worker. Assignment and release are absent on purpose: a worker
 * joins or leaves a project only through the project (AssignProjectStaff, ReleaseProjectStaff), which
 * reserves or frees the hours here, so both streams always tell the same story (rule 6 on every path).
 */
export type SocialWorkerCommandInput =
  | RegisterSocialWorkerInput
  | Exclude<SocialWorkerCommand, { type: 'RegisterSocialWorker' | 'AssignSocialWorker' | 'ReleaseSocialWorker' }>;

export class HandleSocialWorkerCommand extends Command<HandledCommand> {
  constructor(
    readonly socialWorkerId: string,
    readonly command: SocialWorkerCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/**
 * Loads the community a worker is based in, and checks that the employer named exists: a worker
 * employed by nothing would skew rules 1 and 6 later.
 */
@CommandHandler(HandleSocialWorkerCommand)
export class HandleSocialWorkerCommandHandler implements ICommandHandler<HandleSocialWorkerCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: FactsLoader,
  ) {}

  async execute({ socialWorkerId, command, envelope }: HandleSocialWorkerCommand): Promise<HandledCommand> {
    return this.executor.execute(socialWorkerDecider, socialWorkerId, await this.withFacts(command), envelope);
  }

  private async withFacts(command: SocialWorkerCommandInput): Promise<SocialWorkerCommand> {
    switch (command.type) {
      case 'RegisterSocialWorker': {
        const { base, ...data } = command.data;
        await this.requireEmployer(data.employerOrganisationId);
        return { type: 'RegisterSocialWorker', data: { ...data, base: await this.baseOf(base) } };
      }
      case 'ChangeEmployer':
        await this.requireEmployer(command.data.employerOrganisationId);
        return command;
      default:
        return command;
    }
  }

  private async baseOf(base: SocialWorkerBaseInput): Promise<SocialWorkerBase> {
    if (base.level === 'community') return { level: 'community', area: (await this.facts.community(base.communityId)).area };
    const city = base.city.trim();
    const district = base.district.trim();
    if (city === '' || district === '') throw invalid('SOCIAL_WORKER_BASE_INVALID', 'A district base names its city and district');
    return { level: 'district', city, district };
  }

  private async requireEmployer(organisationId: string | null): Promise<void> {
    if (organisationId !== null) await this.facts.organisation(organisationId);
  }
}
