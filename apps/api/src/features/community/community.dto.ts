import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CommunityKind } from '#domain';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { IsId, NestedObject, Optional } from '../../http/validators.js';

export const COMMUNITY_KINDS = ['urban', 'rural'] as const satisfies readonly CommunityKind[];
/** Xiamen's largest communities hold tens of thousands; this bounds typos, not reality. */
const MAX_RESIDENTS = 10_000_000;

/** City, district and street codes; the community level is the community itself. */
export class CommunityAreaDto {
  @ApiProperty({ example: 'xiamen' }) @IsId() city!: string;
  @ApiProperty({ example: 'siming' }) @IsId() district!: string;
  @ApiProperty({ example: 'jiangtou' }) @IsId() street!: string;
}

/** 社区 / 村 joining the platform, registered by the civil-affairs bureau. */
export class RegisterCommunityDto {
  @ApiPropertyOptional({ description: 'The community code (区划代码); generated when omitted', example: 'huli' })
  @Optional() @IsId()
  communityId?: string;
  @ApiProperty({ example: '湖里社区' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ type: CommunityAreaDto }) @NestedObject(() => CommunityAreaDto) area!: CommunityAreaDto;
  @ApiProperty({ enum: COMMUNITY_KINDS, description: 'urban 社区 or rural 村' }) @IsIn(COMMUNITY_KINDS) kind!: CommunityKind;
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) residents!: number;
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) households!: number;
}

export class UpdateCommunityPopulationDto {
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) residents!: number;
  @ApiProperty({ minimum: 0, maximum: MAX_RESIDENTS }) @IsInt() @Min(0) @Max(MAX_RESIDENTS) households!: number;
}

export class CommunityIdParams {
  @ApiProperty() @IsId() communityId!: string;
}

export class CommunityListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: COMMUNITY_KINDS }) @Optional() @IsIn(COMMUNITY_KINDS) kind?: CommunityKind;
}
