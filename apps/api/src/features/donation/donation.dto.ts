import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  ANONYMOUS_DONOR_NAME, DONOR_KINDS, serviceCategories, type DonatedResource, type DonorKind, type ServiceCategory,
} from '#domain';
import { CommandResponseDto } from '../../http/command-response.js';
import { AreaListQueryDto, AsOfDate } from '../../http/list-query.dto.js';
import { PersonalDataDto } from '../../http/personal-data.dto.js';
import { IsCalendarDate, IsId, MAX_FEN, NestedObject, Optional, TEXT_MAX_LENGTH } from '../../http/validators.js';

const donorKinds = Object.keys(DONOR_KINDS) as DonorKind[];
export const DONATED_RESOURCES = ['money', 'goods', 'venue_time'] as const satisfies readonly DonatedResource[];
export const DONATION_TARGET_KINDS = ['need', 'project'] as const;
export const DONATION_LIST_STATUSES = ['open', 'allocated', 'expired', 'refunded'] as const;
// 'true'/'false' in a query string; anything else stays as sent so IsBoolean refuses it.
const queryFlag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class DonorDto {
  @ApiProperty({ enum: donorKinds }) @IsIn(donorKinds) kind!: DonorKind;
  @ApiPropertyOptional({ description: `An organisation's name; residents are always shown as ${ANONYMOUS_DONOR_NAME}`, example: '厦门某某科技有限公司' })
  @Optional() @IsString() @MaxLength(200)
  displayName?: string;
  @ApiPropertyOptional({ type: PersonalDataDto, description: "A resident's identity (for receipts) or an organisation's contact; vault only" })
  @NestedObject(() => PersonalDataDto, { optional: true })
  person?: PersonalDataDto;
}

/** Rule 12: an earmarked donation goes only to a matching category and area; omitted fields restrict nothing. */
export class DonationEarmarkDto {
  @ApiPropertyOptional({ enum: serviceCategories }) @Optional() @IsIn(serviceCategories) category?: ServiceCategory;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(64) district?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(64) street?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(64) community?: string;
}

/** The donor's consent to matching by the engine, without a person deciding. */
export class AutoMatchConsentDto {
  @ApiPropertyOptional({ enum: serviceCategories, isArray: true, description: 'Omitted: any category the earmark allows' })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(serviceCategories.length) @IsIn(serviceCategories, { each: true })
  categories?: ServiceCategory[];
  @ApiPropertyOptional({ description: 'Most one need or project may get automatically, in fen' })
  @Optional() @IsInt() @Min(1) @Max(MAX_FEN)
  maxPerNeedFen?: number;
}

/** 慈善资源: money, goods or venue time pledged in a community. */
export class PledgeDonationDto {
  @ApiProperty({ type: DonorDto }) @NestedObject(() => DonorDto) donor!: DonorDto;
  @ApiProperty({ enum: DONATED_RESOURCES }) @IsIn(DONATED_RESOURCES) resource!: DonatedResource;
  @ApiProperty({ description: 'Money in fen; goods and venue time at their appraised value in fen', minimum: 1, maximum: MAX_FEN })
  @IsInt() @Min(1) @Max(MAX_FEN)
  amountFen!: number;
  @ApiPropertyOptional({ maxLength: TEXT_MAX_LENGTH, description: 'Required for goods and venue time' })
  @Optional() @IsString() @MaxLength(TEXT_MAX_LENGTH)
  description?: string;
  @ApiPropertyOptional({ type: DonationEarmarkDto }) @NestedObject(() => DonationEarmarkDto, { optional: true }) earmark?: DonationEarmarkDto;
  @ApiProperty({ description: 'Community where it was pledged' }) @IsId() communityId!: string;
  @ApiPropertyOptional({ description: 'Last Beijing date it may be matched', example: '2027-06-30' }) @Optional() @IsCalendarDate() expiresOn?: string;
  @ApiPropertyOptional({ type: AutoMatchConsentDto }) @NestedObject(() => AutoMatchConsentDto, { optional: true }) autoMatch?: AutoMatchConsentDto;
}

export class DonationTargetDto {
  @ApiProperty({ enum: DONATION_TARGET_KINDS }) @IsIn(DONATION_TARGET_KINDS) kind!: (typeof DONATION_TARGET_KINDS)[number];
  @ApiProperty({ description: 'The need or project id; its category and area are read from its stream' }) @IsId() id!: string;
}

/** 捐赠对接: a donation, in part or whole, goes to a need or a project. */
export class MatchDonationDto {
  @ApiPropertyOptional({ description: 'Caller-chosen id (the same match records once); generated when omitted' })
  @Optional() @IsId()
  matchId?: string;
  @ApiProperty({ type: DonationTargetDto }) @NestedObject(() => DonationTargetDto) target!: DonationTargetDto;
  @ApiProperty({ minimum: 1, maximum: MAX_FEN }) @IsInt() @Min(1) @Max(MAX_FEN) amountFen!: number;
}

export class ReleaseDonationMatchDto {
  @ApiProperty() @IsId() matchId!: string;
  @ApiProperty({ maxLength: TEXT_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(TEXT_MAX_LENGTH) reason!: string;
}

export class DisburseDonationDto {
  @ApiProperty() @IsId() matchId!: string;
  @ApiProperty({ minimum: 1, maximum: MAX_FEN }) @IsInt() @Min(1) @Max(MAX_FEN) amountFen!: number;
}

/** 公益事业捐赠票据. */
export class ReceiptDonationDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @MinLength(1) @MaxLength(64) receiptNumber!: string;
}

export class RefundDonationDto {
  @ApiPropertyOptional({ description: 'Omitted: the whole unallocated balance', minimum: 1, maximum: MAX_FEN })
  @Optional() @IsInt() @Min(1) @Max(MAX_FEN)
  amountFen?: number;
  @ApiProperty({ maxLength: TEXT_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(TEXT_MAX_LENGTH) reason!: string;
}

export class DonationIdParams {
  @ApiProperty() @IsId() donationId!: string;
}

export class DonationListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: DONATION_LIST_STATUSES }) @Optional() @IsIn(DONATION_LIST_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: DONATED_RESOURCES }) @Optional() @IsIn(DONATED_RESOURCES) resource?: DonatedResource;
  @ApiPropertyOptional({ enum: serviceCategories, description: 'Donations that may go to this category (unearmarked ones included)' })
  @Optional() @IsIn(serviceCategories)
  category?: ServiceCategory;
  @ApiPropertyOptional({ description: 'Only donations with an unallocated balance' }) @Optional() @Transform(queryFlag) @IsBoolean() withBalance?: boolean;
  @AsOfDate() asOf?: string;
}

/** What the match endpoint answers: the command response plus the match id to disburse or release. */
export class DonationMatchedResponseDto extends CommandResponseDto {
  @ApiProperty() matchId!: string;
}
