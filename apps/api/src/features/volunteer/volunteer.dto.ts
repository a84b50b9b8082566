import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { serviceCategories, type ServiceCategory } from '#domain';
import { CommandResponseDto } from '../../http/command-response.js';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { RealNamePersonDto } from './real-name-person.dto.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const HOURS_IN_A_WEEK = 168;
const NOTE_MAX_LENGTH = 500;
const hours = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 };
export const VOLUNTEER_TARGET_KINDS = ['need', 'project'] as const;
export const VOLUNTEER_STATUSES = ['active', 'deregistered'] as const;

/** 志愿者实名注册: the person goes to the vault, the event carries only a personRef. */
export class RegisterVolunteerDto {
  @ApiProperty({ type: RealNamePersonDto, description: 'Stored encrypted in the vault, never in an event' })
  @ValidateNested() @Type(() => RealNamePersonDto)
  person!: RealNamePersonDto;
  @ApiProperty({ description: 'Community the volunteer serves in' }) @Matches(ID) communityId!: string;
  @ApiPropertyOptional({ description: 'Defaults to today (Beijing date)', example: '2026-11-20' })
  @IsOptional() @Matches(ISO_DATE)
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
  @IsNumber(hours) @Min(0) @Max(HOURS_IN_A_WEEK)
  hoursPerWeek!: number;
  @ApiPropertyOptional({ type: [AvailabilityWindowDto], description: 'Empty or omitted: any time by arrangement' })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AvailabilityWindowDto)
  windows?: AvailabilityWindowDto[];
}

export class VolunteerTargetDto {
  @ApiProperty({ enum: VOLUNTEER_TARGET_KINDS }) @IsIn(VOLUNTEER_TARGET_KINDS) kind!: (typeof VOLUNTEER_TARGET_KINDS)[number];
  @ApiProperty({ description: 'The need or project id' }) @Matches(ID) id!: string;
}

export class AssignVolunteerDto {
  @ApiPropertyOptional({ description: 'Caller-chosen id (the same id assigns once); generated when omitted' })
  @IsOptional() @Matches(ID)
  assignmentId?: string;
  @ApiProperty({ type: VolunteerTargetDto }) @ValidateNested() @Type(() => VolunteerTargetDto) target!: VolunteerTargetDto;
  @ApiProperty({ maximum: HOURS_IN_A_WEEK }) @IsNumber(hours) @Min(0) @Max(HOURS_IN_A_WEEK) hoursPerWeek!: number;
}

export class EndVolunteerAssignmentDto {
  @ApiProperty() @Matches(ID) assignmentId!: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(NOTE_MAX_LENGTH) reason?: string;
}

/** 服务时长: hours served on one day for one assignment. */
export class LogVolunteerHoursDto {
  @ApiProperty() @Matches(ID) assignmentId!: string;
  @ApiProperty({ maximum: 24 }) @IsNumber(hours) @Min(0) @Max(24) hours!: number;
  @ApiProperty({ example: '2026-11-20' }) @Matches(ISO_DATE) servedOn!: string;
}

export class DeregisterVolunteerDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH }) @IsOptional() @IsString() @MaxLength(NOTE_MAX_LENGTH) reason?: string;
}

export class VolunteerIdParams {
  @ApiProperty() @Matches(ID) volunteerId!: string;
}

export class PersonRefParams {
  @ApiProperty({ example: 'person-3f0c…' }) @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/) personRef!: string;
}

export class VolunteerListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: serviceCategories }) @IsOptional() @IsIn(serviceCategories) category?: ServiceCategory;
  @ApiPropertyOptional({ enum: VOLUNTEER_STATUSES }) @IsOptional() @IsIn(VOLUNTEER_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Only volunteers with at least this many free hours a week' })
  @IsOptional() @Type(() => Number) @IsNumber(hours) @Min(0) @Max(HOURS_IN_A_WEEK)
  minRemainingHours?: number;
}

/** What the assign endpoint answers: the command response plus the assignment id to log hours against. */
export class VolunteerAssignedResponseDto extends CommandResponseDto {
  @ApiProperty() assignmentId!: string;
}
