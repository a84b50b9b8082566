import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ORGANISATION_KINDS, serviceCategories, type OrganisationKind, type ServiceCategory } from '#domain';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { IsId, Optional } from '../../http/validators.js';

const REASON_MAX_LENGTH = 2000;
const organisationKinds = Object.keys(ORGANISATION_KINDS) as OrganisationKind[];
export const INSPECTION_RESULTS = ['passed', 'failed'] as const;
export const ORGANISATION_STATUSES = ['registered', 'suspended', 'deregistered'] as const;
// 'true'/'false' in a query string; anything else stays as sent so IsBoolean refuses it.
const queryFlag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** 社会组织 / 社工机构 / enterprise registered by a district civil-affairs bureau. */
export class RegisterOrganisationDto {
  @ApiProperty({ example: '湖里区阳光社工服务中心' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: organisationKinds }) @IsIn(organisationKinds) kind!: OrganisationKind;
  @ApiProperty({ description: '统一社会信用代码, 18 characters (GB 32100)', example: '52350206MJ0000000X' })
  @IsString() @MinLength(1) @MaxLength(32)
  unifiedSocialCreditCode!: string;
  @ApiProperty({ description: 'A budget-funded mass organisation may not contract (rule 7)' }) @IsBoolean() budgetFunded!: boolean;
  @ApiProperty({ description: 'City of the registering district (a district code alone is not unique across cities; who may act on the organisation is decided by city and district)', example: 'xiamen' })
  @IsString() @MinLength(1) @MaxLength(64)
  city!: string;
  @ApiProperty({ description: 'District whose bureau registered it', example: 'huli' }) @IsString() @MinLength(1) @MaxLength(64) district!: string;
  @ApiPropertyOptional({ description: 'Community it is seated in, when it serves one community' }) @Optional() @IsId() communityId?: string;
  @ApiProperty({ enum: serviceCategories, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(serviceCategories.length) @IsIn(serviceCategories, { each: true })
  serviceCategories!: ServiceCategory[];
  @ApiProperty({ minimum: 1, maximum: 1000, description: 'Projects it can run at the same time' }) @IsInt() @Min(1) @Max(1000) capacity!: number;
}

/** 年检: the yearly inspection; a failed latest inspection bars bidding (rule 11). */
export class RecordAnnualInspectionDto {
  @ApiProperty({ minimum: 1990, maximum: 2999 }) @IsInt() @Min(1990) @Max(2999) year!: number;
  @ApiProperty({ enum: INSPECTION_RESULTS }) @IsIn(INSPECTION_RESULTS) result!: (typeof INSPECTION_RESULTS)[number];
  @ApiPropertyOptional({ maxLength: REASON_MAX_LENGTH, description: 'Required when it failed' })
  @Optional() @IsString() @MaxLength(REASON_MAX_LENGTH)
  reason?: string;
}

/** 等级评估: 1A to 5A. */
export class GradeOrganisationDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1-5 for 1A-5A' }) @IsInt() @Min(1) @Max(5) grade!: number;
  @ApiProperty({ minimum: 1990, maximum: 2999 }) @IsInt() @Min(1990) @Max(2999) year!: number;
}

/** Suspending, reinstating and deregistering are accountable: each says why. */
export class OrganisationStatusChangeDto {
  @ApiProperty({ maxLength: REASON_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(REASON_MAX_LENGTH) reason!: string;
}

export class OrganisationIdParams {
  @ApiProperty() @IsId() organisationId!: string;
}

export class OrganisationListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: serviceCategories }) @Optional() @IsIn(serviceCategories) category?: ServiceCategory;
  @ApiPropertyOptional({ enum: ORGANISATION_STATUSES }) @Optional() @IsIn(ORGANISATION_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: organisationKinds }) @Optional() @IsIn(organisationKinds) kind?: OrganisationKind;
  @ApiPropertyOptional({ description: 'Only those with free capacity' }) @Optional() @Transform(queryFlag) @IsBoolean() withCapacity?: boolean;
  @ApiPropertyOptional({ description: 'Only those that may bid (rule 11)' }) @Optional() @Transform(queryFlag) @IsBoolean() mayBid?: boolean;
}
