import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { MAX_SOCIAL_WORKER_HOURS_PER_WEEK, SOCIAL_WORKER_GRADES, type SocialWorkerGrade } from '#domain';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { RealNamePersonDto } from '../volunteer/real-name-person.dto.js';
import { IsCalendarDate, IsDecimal, IsId, NestedObject, Optional } from '../../http/validators.js';

const NOTE_MAX_LENGTH = 500;
const grades = Object.keys(SOCIAL_WORKER_GRADES) as SocialWorkerGrade[];
export const SOCIAL_WORKER_BASE_LEVELS = ['community', 'district'] as const;
export const SOCIAL_WORKER_STATUSES = ['active', 'deregistered'] as const;
// 'true'/'false' in a query string; anything else stays as sent so IsBoolean refuses it.
const queryFlag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * Where the social worker is based: a post in one community (give `communityId`), or a district's
 * general station (give `city` and `district`).
 */
export class SocialWorkerBaseDto {
  @ApiProperty({ enum: SOCIAL_WORKER_BASE_LEVELS }) @IsIn(SOCIAL_WORKER_BASE_LEVELS) level!: (typeof SOCIAL_WORKER_BASE_LEVELS)[number];
  @ApiPropertyOptional({ description: 'With level community' })
  @ValidateIf((base: SocialWorkerBaseDto) => base.level === 'community' || base.communityId !== undefined) @IsId()
  communityId?: string;
  @ApiPropertyOptional({ description: 'With level district' })
  @ValidateIf((base: SocialWorkerBaseDto) => base.level === 'district' || base.city !== undefined) @IsString() @MinLength(1) @MaxLength(64)
  city?: string;
  @ApiPropertyOptional({ description: 'With level district' })
  @ValidateIf((base: SocialWorkerBaseDto) => base.level === 'district' || base.district !== undefined) @IsString() @MinLength(1) @MaxLength(64)
  district?: string;
}

/** 社会工作者: registered under real name; the person goes to the vault. */
export class RegisterSocialWorkerDto {
  @ApiProperty({ type: RealNamePersonDto, description: 'Stored encrypted in the vault, never in an event' })
  @NestedObject(() => RealNamePersonDto)
  person!: RealNamePersonDto;
  @ApiProperty({ type: SocialWorkerBaseDto }) @NestedObject(() => SocialWorkerBaseDto) base!: SocialWorkerBaseDto;
  @ApiProperty({ description: 'A social-work degree qualifies without a certificate (rule 1)' }) @IsBoolean() hasSocialWorkDegree!: boolean;
  @ApiPropertyOptional({ description: 'The employing organisation (社工机构)' }) @Optional() @IsId() employerOrganisationId?: string;
}

/** 社会工作者职业水平证书: assistant, intermediate or senior. */
export class CertifySocialWorkerDto {
  @ApiProperty({ enum: grades }) @IsIn(grades) grade!: SocialWorkerGrade;
  @ApiProperty({ maxLength: 64 }) @IsString() @MinLength(1) @MaxLength(64) certificateNumber!: string;
  @ApiProperty({ example: '2025-06-30' }) @IsCalendarDate() certifiedOn!: string;
}

export class ChangeEmployerDto {
  @ApiProperty({ nullable: true, description: 'The new employer; null when no longer employed by an organisation' })
  @ValidateIf((dto: ChangeEmployerDto) => dto.employerOrganisationId !== null) @IsId()
  employerOrganisationId!: string | null;
}

export class AssignSocialWorkerDto {
  @ApiProperty() @IsId() projectId!: string;
  @ApiProperty({ maximum: MAX_SOCIAL_WORKER_HOURS_PER_WEEK, description: 'Replaces the hours of an earlier assignment to the same project' })
  @IsDecimal(2) @Min(0) @Max(MAX_SOCIAL_WORKER_HOURS_PER_WEEK)
  hoursPerWeek!: number;
}

export class ReleaseSocialWorkerDto {
  @ApiProperty() @IsId() projectId!: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH }) @Optional() @IsString() @MaxLength(NOTE_MAX_LENGTH) reason?: string;
}

export class DeregisterSocialWorkerDto {
  @ApiProperty({ maxLength: NOTE_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(NOTE_MAX_LENGTH) reason!: string;
}

export class SocialWorkerIdParams {
  @ApiProperty() @IsId() socialWorkerId!: string;
}

export class SocialWorkerListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: SOCIAL_WORKER_STATUSES }) @Optional() @IsIn(SOCIAL_WORKER_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: grades }) @Optional() @IsIn(grades) grade?: SocialWorkerGrade;
  @ApiPropertyOptional({ description: 'Rule 1: a certificate or a social-work degree' }) @Optional() @Transform(queryFlag) @IsBoolean() qualified?: boolean;
  @ApiPropertyOptional() @Optional() @IsId() employerOrganisationId?: string;
  @ApiPropertyOptional({ enum: SOCIAL_WORKER_BASE_LEVELS }) @Optional() @IsIn(SOCIAL_WORKER_BASE_LEVELS) baseLevel?: string;
}
