import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { chinaDateOf } from '#domain';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { PersonalDataStep } from '#application';
import type {VolunteerCommandInput } from '#application';
import {
  AssignVolunteerDto, DeclareVolunteerAvailabilityDto, DeclareVolunteerSkillsDto, DeregisterVolunteerDto, EndVolunteerAssignmentDto,
  RegisterVolunteerDto, VolunteerAssignedResponseDto, VolunteerIdParams,
} from './volunteer.dto.js';
import { sendVolunteerCommand } from './send-volunteer-command.js';

/** 社区志愿者: real-name registration, skills, availability and assignments (hours: volunteer-hours.controller.ts). */
@ApiTags('volunteers 志愿者')
@ApiBadRequestResponse({ description: 'Invalid input (VALIDATION_FAILED or a domain code such as AVAILABILITY_WINDOW_INVALID)' })
@ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND, COMMUNITY_NOT_FOUND, NEED_NOT_FOUND, PROJECT_NOT_FOUND, VOLUNTEER_ASSIGNMENT_NOT_FOUND' })
@ApiConflictResponse({ description: 'Invalid state transition (VOLUNTEER_DEREGISTERED, ...) or a concurrent change' })
@Controller('volunteers')
export class VolunteerCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataStep,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponse, description: 'VolunteerRegistered (name and contact in the vault)' })
  register(@Body() dto: RegisterVolunteerDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const volunteerId = newId(envelope, 'volunteer');
    const registeredOn = dto.registeredOn ?? chinaDateOf(new Date());
    return this.personalData.withPerson(dto.person, (personRef) =>
      this.send(volunteerId, { type: 'RegisterVolunteer', data: { volunteerId, personRef, communityId: dto.communityId, registeredOn } }, envelope),
    );
  }

  @Post(':volunteerId/skills') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerSkillsDeclared (replaces the previous declaration)' })
  declareSkills(@Param() { volunteerId }: VolunteerIdParams, @Body() dto: DeclareVolunteerSkillsDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(volunteerId, { type: 'DeclareVolunteerSkills', data: { volunteerId, skills: [...dto.skills], categories: [...dto.categories] } }, envelope);
  }

  @Post(':volunteerId/availability') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerAvailabilityDeclared' })
  declareAvailability(@Param() { volunteerId }: VolunteerIdParams, @Body() dto: DeclareVolunteerAvailabilityDto, @Envelope() envelope: CommandEnvelope) {
    const windows = (dto.windows ?? []).map(({ weekday, from, to }) => ({ weekday, from, to }));
    return this.send(volunteerId, { type: 'DeclareVolunteerAvailability', data: { volunteerId, hoursPerWeek: dto.hoursPerWeek, windows } }, envelope);
  }

  @Post(':volunteerId/assign') @HttpCode(200)
  @ApiOkResponse({ type: VolunteerAssignedResponseDto, description: 'VolunteerAssigned' })
  @ApiUnprocessableEntityResponse({ description: 'VOLUNTEER_HOURS_EXCEEDED: more than the declared hours a week' })
  async assign(
    @Param() { volunteerId }: VolunteerIdParams,
    @Body() dto: AssignVolunteerDto,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<VolunteerAssignedResponseDto> {
    const assignmentId = dto.assignmentId ?? newId(envelope, 'volunteer-assignment');
    const target = { kind: dto.target.kind, id: dto.target.id };
    const response = await this.send(volunteerId, { type: 'AssignVolunteer', data: { volunteerId, assignmentId, target, hoursPerWeek: dto.hoursPerWeek } }, envelope);
    return { ...response, assignmentId };
  }

  @Post(':volunteerId/end-assignment') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerAssignmentEnded' })
  endAssignment(@Param() { volunteerId }: VolunteerIdParams, @Body() dto: EndVolunteerAssignmentDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(volunteerId, { type: 'EndVolunteerAssignment', data: { ...dto, volunteerId } }, envelope);
  }

  @Post(':volunteerId/deregister') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerAssignmentEnded for each running assignment, then VolunteerDeregistered' })
  deregister(@Param() { volunteerId }: VolunteerIdParams, @Body() dto: DeregisterVolunteerDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(volunteerId, { type: 'DeregisterVolunteer', data: { ...dto, volunteerId } }, envelope);
  }

  private send(volunteerId: string, command: VolunteerCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return sendVolunteerCommand(this.commands, volunteerId, command, envelope);
  }
}
