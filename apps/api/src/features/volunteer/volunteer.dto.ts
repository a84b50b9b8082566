import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { serviceCategories, type ServiceCategory } from '#domain';
import { CommandResponseDto } from '../../http/command-response.js';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { RealNamePersonDto } from './real-name-person.dto.js';
import { IsCalendarDate, IsDecimal, IsId, NestedArray, NestedObject, Optional, QueryNumber } from '../../http/validators.js';

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const HOURS_IN_A_WEEK = 168;
const NOTE_MAX_LENGTH = 500;
const hours = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };
export const VOLUNTEER_TARGET_KINDS = ['need', 'project'] as const;
export const VOLUNTEER_STATUSES = ['active', 'deregistered'] as const;

/** 志愿者实名注册: the person goes to the vault, the event carries only a personRef. */
export class RegisterVolunteerDto {
  @ApiProperty({ type: RealNamePersonDto, description: 'Stored encrypted in the vault, never in an event' })
  @NestedObject(() => RealNamePersonDto)
  person!: RealNamePersonDto;
  @ApiProperty({ description: 'Community the volunteer serves in' }) @IsId() communityId!: string;
  @ApiPropertyOptional({ description: 'Defaults to today (Beijing date)', example: '2026-11-20' })
  @Optional() @IsCalendarDate()
  registeredOn?: string;
}

export class DeclareVolunteerSkillsDto {
  @ApiProperty({ type: [String], example: ['心理咨询', '理发'] })
  @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(64, { each: true })
  skills!: string[];
  @ApiProperty({ enum: serviceCategories, isArray: true })
  @IsArray() @ArrayMaxSize(serviceCategories.length) @IsIn(serviceCategories, { each: true })
  categories!: ServiceCategory[];
}

export class AvailabilityWindowDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 Monday .. 7 Sunday' }) @IsInt() @Min(1) @Max(7) weekday!: number;
  @ApiProperty({ example: '09:00' }) @Matches(CLOCK_TIME) from!: string;
  @ApiProperty({ example: '12:00' }) @Matches(CLOCK_TIME) to!: string;
}

export class DeclareVolunteerAvailabilityDto {
  @ApiProperty({ minimum: 0, maximum: HOURS_IN_A_WEEK, description: 'The most hours a week; 0 pauses the volunteer' })
  @IsDecimal(2) @Min(0) @Max(HOURS_IN_A_WEEK)
  hoursPerWeek!: number;
  @ApiPropertyOptional({ type: [AvailabilityWindowDto], description: 'Empty or omitted: any time by arrangement' })
  @NestedArray(() => AvailabilityWindowDto, { optional: true }) @ArrayMaxSize(50)
  windows?: AvailabilityWindowDto[];
}

export class VolunteerTargetDto {
  @ApiProperty({ enum: VOLUNTEER_TARGET_KINDS }) @IsIn(VOLUNTEER_TARGET_KINDS) kind!: (typeof VOLUNTEER_TARGET_KINDS)[number];
  @ApiProperty({ description: 'The need or project id' }) @IsId() id!: string;
}

export class AssignVolunteerDto {
  @ApiPropertyOptional({ description: 'Caller-chosen id (the same id assigns once); generated when omitted' })
  @Optional() @IsId()
  assignmentId?: string;
  @ApiProperty({ type: VolunteerTargetDto }) @NestedObject(() => VolunteerTargetDto) target!: VolunteerTargetDto;
  @ApiProperty({ maximum: HOURS_IN_A_WEEK }) @IsDecimal(2) @Min(0) @Max(HOURS_IN_A_WEEK) hoursPerWeek!: number;
}

export class EndVolunteerAssignmentDto {
  @ApiProperty() @IsId() assignmentId!: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH }) @Optional() @IsString() @MaxLength(NOTE_MAX_LENGTH) reason?: string;
}

/** 服务时长: hours served on one day for one assignment. */
export class LogVolunteerHoursDto {
  @ApiPropertyOptional({ description: 'Caller-chosen entry id (the same id logs once); generated when omitted' })
  @Optional() @IsId()
  entryId?: string;
  @ApiProperty() @IsId() assignmentId!: string;
  @ApiProperty({ maximum: 24, description: 'Hours (decimal, 0.01 h)' }) @IsDecimal(2) @Min(0) @Max(24) hours!: number;
  @ApiProperty({ example: '2026-11-20', description: 'The Beijing date served (YYYY-MM-DD)' }) @IsCalendarDate() servedOn!: string;
}

export class DeregisterVolunteerDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH }) @Optional() @IsString() @MaxLength(NOTE_MAX_LENGTH) reason?: string;
}

export class VolunteerIdParams {
  @ApiProperty() @IsId() volunteerId!: string;
}

export class PersonRefParams {
  @ApiProperty({ example: 'person-3f0c…' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/) personRef!: string;
}

export class VolunteerListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: serviceCategories }) @Optional() @IsIn(serviceCategories) category?: ServiceCategory;
  @ApiPropertyOptional({ enum: VOLUNTEER_STATUSES }) @Optional() @IsIn(VOLUNTEER_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Only volunteers with at least this many free hours a week' })
  @Optional() @QueryNumber() @IsDecimal(2) @Min(0) @Max(HOURS_IN_A_WEEK)
  minRemainingHours?: number;
}

/** What the assign endpoint answers: the command response plus the assignment id to log hours against. */
export class VolunteerAssignedResponseDto extends CommandResponseDto {
  @ApiProperty() assignmentId!: string;
}
