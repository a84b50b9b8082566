import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { volunteerDecider } from '#domain';
import { CommandService, type VolunteerCommandInput } from '#application';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { DeclineVolunteerHoursDto, HoursEntryParams, HoursLoggedResponseDto } from './volunteer-hours.dto.js';
import { LogVolunteerHoursDto, VolunteerIdParams } from './volunteer.dto.js';
import { sendVolunteerCommand } from './send-volunteer-command.js';

/**
 * Hours typed by hand (issue 13 item 1): the volunteer reports its own and they wait for its
 * coordinator's confirmation before they count; a coordinator's own typing counts at once. The
 * coordinator is the committee or civil-affairs office of the volunteer's area, or the organisation
 * contracted for the project the entry's assignment serves; never the volunteer.
 */
@ApiTags('volunteers 志愿者')
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or a domain code (VOLUNTEER_HOURS_INVALID, SERVED_ON_INVALID, VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED)' })
@ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND, VOLUNTEER_ASSIGNMENT_NOT_FOUND, VOLUNTEER_HOURS_ENTRY_NOT_FOUND' })
@Controller('volunteers')
export class VolunteerHoursController {
  constructor(
    private readonly commands: CommandBus,
    private readonly service: CommandService,
  ) {}

  /**
   * Hours served (decimal hours) on one Beijing date for one assignment. Logged by the volunteer itself
   * they are `pending` until its coordinator confirms them; by its committee or office, `confirmed` at
   * once (flagged when an office typed them). A date's counted and pending hours together stay within
   * VOLUNTEER_MAX_HOURS_PER_DAY (at most 24).
   */
  @Post(':volunteerId/hours') @HttpCode(200)
  @ApiOkResponse({ type: HoursLoggedResponseDto, description: 'VolunteerHoursLogged, with its entryId and status' })
  @ApiConflictResponse({ description: 'SERVED_BEFORE_ASSIGNMENT, VOLUNTEER_ASSIGNMENT_ENDED, VOLUNTEER_HOURS_ENTRY_ALREADY_EXISTS (the entryId names other hours)' })
  @ApiUnprocessableEntityResponse({ description: 'VOLUNTEER_DAILY_HOURS_EXCEEDED: the date already holds the daily maximum (pending hours included)' })
  async log(@Param() { volunteerId }: VolunteerIdParams, @Body() dto: LogVolunteerHoursDto, @Envelope() envelope: CommandEnvelope): Promise<HoursLoggedResponseDto> {
    const entryId = dto.entryId ?? newId(envelope, 'hours-entry');
    const { assignmentId, hours, servedOn } = dto;
    const response = await this.send(volunteerId, { type: 'LogVolunteerHours', data: { volunteerId, entryId, assignmentId, hours, servedOn } }, envelope);
    const { state } = await this.service.load(volunteerDecider, volunteerId);
    const entry = state.status === 'absent' ? undefined : state.hoursEntries[entryId];
    return { ...response, entryId, status: entry?.status === 'pending' ? 'pending' : 'confirmed' };
  }

  /** The coordinator confirms a pending entry: its hours count from now on (totals, indicators, projections). */
  @Post(':volunteerId/hours/:entryId/confirm') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerHoursConfirmed' })
  @ApiConflictResponse({ description: 'VOLUNTEER_HOURS_ALREADY_CONFIRMED, VOLUNTEER_HOURS_ALREADY_DECLINED' })
  @ApiUnprocessableEntityResponse({ description: 'VOLUNTEER_DAILY_HOURS_EXCEEDED: hours counted on that date since (a check-out) leave no room' })
  confirm(@Param() { volunteerId, entryId }: HoursEntryParams, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return this.send(volunteerId, { type: 'ConfirmVolunteerHours', data: { volunteerId, entryId } }, envelope);
  }

  /** The coordinator declines a pending entry, saying why: its hours never count. */
  @Post(':volunteerId/hours/:entryId/decline') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerHoursDeclined' })
  @ApiConflictResponse({ description: 'VOLUNTEER_HOURS_ALREADY_CONFIRMED, VOLUNTEER_HOURS_ALREADY_DECLINED' })
  decline(@Param() { volunteerId, entryId }: HoursEntryParams, @Body() { reason }: DeclineVolunteerHoursDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return this.send(volunteerId, { type: 'DeclineVolunteerHours', data: { volunteerId, entryId, reason } }, envelope);
  }

  private send(volunteerId: string, command: VolunteerCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return sendVolunteerCommand(this.commands, volunteerId, command, envelope);
  }
}
