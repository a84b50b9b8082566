import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  volunteerDecider, type AssignVolunteerData, type LogVolunteerHoursData, type RegisterVolunteerData, type VolunteerAssignmentTarget, type VolunteerCommand,
} from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import type { WusheConfig } from '#platform';
import { FactsLoader } from '../../infrastructure/facts-loader.js';
import { WUSHE_CONFIG } from '../../infrastructure/tokens.js';

/** RegisterVolunteer as a caller sends it: the community by id; the handler places the volunteer in its area. */
export type RegisterVolunteerInput = { type: 'RegisterVolunteer'; data: Omit<RegisterVolunteerData, 'area'> & { communityId: string } };
/** AssignVolunteer as a caller sends it: the need or project by kind and id; the handler checks it exists. */
export type AssignVolunteerInput = {
  type: 'AssignVolunteer';
  data: Omit<AssignVolunteerData, 'target'> & { target: { kind: VolunteerAssignmentTarget['kind']; id: string } };
};
/** LogVolunteerHours as a caller sends it: the daily maximum is the platform's (VOLUNTEER_MAX_HOURS_PER_DAY), not the caller's. */
export type LogVolunteerHoursInput = { type: 'LogVolunteerHours'; data: Omit<LogVolunteerHoursData, 'maxHoursPerDay'> };
export type VolunteerCommandInput =
  | RegisterVolunteerInput
  | AssignVolunteerInput
  | LogVolunteerHoursInput
  | Exclude<VolunteerCommand, { type: 'RegisterVolunteer' | 'AssignVolunteer' | 'LogVolunteerHours' }>;

export class HandleVolunteerCommand extends Command<HandledCommand> {
  constructor(
    readonly volunteerId: string,
    readonly command: VolunteerCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

@CommandHandler(HandleVolunteerCommand)
export class HandleVolunteerCommandHandler implements ICommandHandler<HandleVolunteerCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: FactsLoader,
    @Inject(WUSHE_CONFIG) private readonly config: WusheConfig,
  ) {}

  async execute({ volunteerId, command, envelope }: HandleVolunteerCommand): Promise<HandledCommand> {
    return this.executor.execute(volunteerDecider, volunteerId, await this.withFacts(command), envelope);
  }

  private async withFacts(command: VolunteerCommandInput): Promise<VolunteerCommand> {
    switch (command.type) {
      case 'RegisterVolunteer': {
        const { communityId, ...data } = command.data;
        return { type: 'RegisterVolunteer', data: { ...data, area: (await this.facts.community(communityId)).area } };
      }
      case 'AssignVolunteer': {
        const { target, ...data } = command.data;
        // An assignment to a need or project that does not exist would log hours nobody can place.
        const assigned: VolunteerAssignmentTarget =
          target.kind === 'need'
            ? { kind: 'need', needId: (await this.facts.need(target.id)).needId }
            : { kind: 'project', projectId: (await this.facts.project(target.id)).projectId };
        return { type: 'AssignVolunteer', data: { ...data, target: assigned } };
      }
      case 'LogVolunteerHours':
        return { type: 'LogVolunteerHours', data: { ...command.data, maxHoursPerDay: this.config.VOLUNTEER_MAX_HOURS_PER_DAY } };
      default:
        return command;
    }
  }
}
