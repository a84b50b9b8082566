import type { CommandBus } from '@nestjs/cqrs';
import { volunteerCommands, type VolunteerCommandInput } from '#application';
import type { CommandEnvelope } from '#event-store';
import { type CommandResponseDto, toCommandResponse } from '../../http/command-response.js';
import { RunCommand } from '../../infrastructure/run-command.js';

/** One volunteer command through the bus, answered as every command is (the volunteer's controllers share it). */
export const sendVolunteerCommand = async (
  commands: CommandBus, volunteerId: string, command: VolunteerCommandInput, envelope: CommandEnvelope,
): Promise<CommandResponseDto> => toCommandResponse(volunteerId, await commands.execute(new RunCommand(volunteerCommands, volunteerId, command, envelope)));
