import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { CommunityKind } from '#domain';
import { AreaListQueryDto } from '../../http/list-query.dto.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const COMMUNITY_KINDS = ['urban', 'rural'] as const satisfies readonly CommunityKind[];
/** Xiamen's largest communities hold tens of thousands; this bounds typos, not reality. */
const MAX_RESIDENTS = 10_000_000;

/** City, district and street codes; the community level is the community itself. */
export class CommunityAreaDto {
  @ApiProperty({ example: 'xiamen' }) @IsString() @MinLength(1) @MaxLength(64) city!: string;
  @ApiProperty({ example: 'siming' }) @IsString() @MinLength(1) @MaxLength(64) district!: string;
  @ApiProperty({ example: 'jiangtou' }) @IsString() @MinLength(1) @MaxLength(64) street!: string;
}

/** 社区 / 村 joining the platform, registered by the civil-affairs bureau. */
export class RegisterCommunityDto {
  @ApiPropertyOptional({ description: 'The community code (区划代码); generated when omitted', example: 'huli' })
  @IsOptional() @Matches(ID)
  communityId?: string;
  @ApiProperty({ example: '湖里社区' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ type: CommunityAreaDto }) @ValidateNested() @Type(() => CommunityAreaDto) area!: CommunityAreaDto;
  @ApiProperty({ enum: COMMUNITY_KINDS, description: 'urban 社区 or rural 村' }) @IsIn(COMMUNITY_KINDS) kind!: CommunityKind;
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) residents!: number;
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) households!: number;
}

export class UpdateCommunityPopulationDto {
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) residents!: number;
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) households!: number;
}

export class CommunityIdParams {
  @ApiProperty() @Matches(ID) communityId!: string;
}

export class CommunityListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: COMMUNITY_KINDS }) @IsOptional() @IsIn(COMMUNITY_KINDS) kind?: CommunityKind;
}
