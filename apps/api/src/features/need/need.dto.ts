import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  NEED_DESCRIPTION_MAX_LENGTH, NEED_NOTE_MAX_LENGTH, NEED_RESOURCE_KINDS, NEED_SOURCES, NEED_TITLE_MAX_LENGTH,
  serviceCategories, URGENCIES, type NeedResourceKind, type NeedSource, type ServiceCategory, type Urgency,
} from '#domain';
import { AreaListQueryDto, AsOfDate } from '../../http/list-query.dto.js';
import { PersonalDataDto } from '../../http/personal-data.dto.js';
import { IsCalendarDate, IsId, NestedObject, Optional } from '../../http/validators.js';

// 'true'/'false' in a query string; anything else stays as sent so IsBoolean refuses it.
const queryFlag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NeedWindowDto {
  @ApiProperty({ example: '2026-12-01' }) @IsCalendarDate() from!: string;
  @ApiProperty({ example: '2027-02-28' }) @IsCalendarDate() to!: string;
}

/** 居民需求: what a community committee lists after a visit, a call or a questionnaire. */
export class ListNeedDto {
  @ApiProperty({ description: 'Community the need was found in' }) @IsId() communityId!: string;
  @ApiProperty({ enum: serviceCategories }) @IsIn(serviceCategories) category!: ServiceCategory;
  @ApiProperty({ maxLength: NEED_TITLE_MAX_LENGTH, example: '独居老人助餐' }) @IsString() @MinLength(1) @MaxLength(NEED_TITLE_MAX_LENGTH) title!: string;
  @ApiProperty({ maxLength: NEED_DESCRIPTION_MAX_LENGTH }) @IsString() @MaxLength(NEED_DESCRIPTION_MAX_LENGTH) description!: string;
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency!: Urgency;
  @ApiProperty({ enum: NEED_SOURCES }) @IsIn(NEED_SOURCES) source!: NeedSource;
  @ApiProperty({ minimum: 1, maximum: 100000 }) @IsInt() @Min(1) @Max(100000) beneficiaries!: number;
  @ApiPropertyOptional({ type: [String] }) @Optional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(64, { each: true })
  requiredSkills?: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 168 }) @Optional() @IsInt() @Min(1) @Max(168) hoursPerWeek?: number;
  @ApiPropertyOptional({ description: 'Money gap in fen (分)' }) @Optional() @IsInt() @Min(1) @Max(1_000_000_000_00) amountFen?: number;
  @ApiPropertyOptional({ type: NeedWindowDto }) @NestedObject(() => NeedWindowDto, { optional: true }) window?: NeedWindowDto;
  @ApiPropertyOptional({ type: PersonalDataDto, description: 'Stored encrypted in the vault, never in an event' })
  @NestedObject(() => PersonalDataDto, { optional: true })
  beneficiary?: PersonalDataDto;
}

export class NeedMatchResourceDto {
  @ApiProperty({ enum: NEED_RESOURCE_KINDS }) @IsIn(NEED_RESOURCE_KINDS) kind!: NeedResourceKind;
  @ApiProperty() @IsId() id!: string;
}

export class RecordNeedMatchDto {
  @ApiProperty({ description: 'Caller-chosen id; the same id records once' }) @IsId() matchId!: string;
  @ApiProperty({ type: NeedMatchResourceDto }) @NestedObject(() => NeedMatchResourceDto) resource!: NeedMatchResourceDto;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) amountFen?: number;
  @ApiPropertyOptional() @Optional() @IsInt() @Min(1) @Max(168) hoursPerWeek?: number;
}

export class CoverNeedByProjectDto {
  @ApiProperty() @IsId() projectId!: string;
}

/** 需求复核: what the committee found when it checked the need again. */
export class ReconfirmNeedDto {
  @ApiPropertyOptional({ maxLength: NEED_NOTE_MAX_LENGTH, example: '入户回访，仍需每日助餐' }) @Optional() @IsString() @MaxLength(NEED_NOTE_MAX_LENGTH) note?: string;
}

export class FulfilNeedDto {
  @ApiProperty({ maxLength: NEED_NOTE_MAX_LENGTH }) @IsString() @MaxLength(NEED_NOTE_MAX_LENGTH) note!: string;
}

export class WithdrawNeedDto {
  @ApiProperty({ maxLength: NEED_NOTE_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(NEED_NOTE_MAX_LENGTH) reason!: string;
}

export class NeedIdParams {
  @ApiProperty() @IsId() needId!: string;
}

export class NeedListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: serviceCategories }) @Optional() @IsIn(serviceCategories) category?: ServiceCategory;
  @ApiPropertyOptional({ enum: ['listed', 'verified', 'matched', 'covered', 'fulfilled', 'withdrawn'] })
  @Optional() @IsIn(['listed', 'verified', 'matched', 'covered', 'fulfilled', 'withdrawn'])
  status?: string;
  @ApiPropertyOptional({ enum: URGENCIES }) @Optional() @IsIn(URGENCIES) urgency?: Urgency;
  @AsOfDate() asOf?: string;
  @ApiPropertyOptional({ type: Boolean, description: '需求失效: true lists only needs not reconfirmed within NEED_STALE_AFTER_DAYS (default 90); false only fresh ones' })
  @Optional() @Transform(queryFlag) @IsBoolean()
  stale?: boolean;
}
