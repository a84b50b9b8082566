import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { POOL_SPONSOR_KINDS, serviceCategories, UNMATCHED_REASONS, type PoolSponsorKind, type ServiceCategory } from '#domain';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { IsBeijingWallClock, IsId, MAX_FEN, NestedObject, Optional, QueryNumber } from '../../http/validators.js';

export class MatchingPoolIdParams {
  @ApiProperty() @IsId() poolId!: string;
}

export class PoolSponsorDto {
  @ApiProperty({ enum: POOL_SPONSOR_KINDS, description: 'An organisation: residents do not sponsor pools' }) @IsIn(POOL_SPONSOR_KINDS) kind!: PoolSponsorKind;
  @ApiProperty({ example: '厦门某科技有限公司' }) @IsString() @MinLength(1) @MaxLength(200) displayName!: string;
}

/** 1:1 is {gift: 1, match: 1}; 1:2 (the pool doubles each gift) is {gift: 1, match: 2}. */
export class MatchRatioDto {
  @ApiProperty({ minimum: 1, maximum: 100, description: 'Fen given' }) @IsInt() @Min(1) @Max(100) gift!: number;
  @ApiProperty({ minimum: 1, maximum: 100, description: 'Fen the pool adds for them' }) @IsInt() @Min(1) @Max(100) match!: number;
}

/** Area codes, as in tokens' area paths and every other area in the API (IsId: no '/', no spaces, no '..'). */
export class PoolAreaDto {
  @ApiProperty({ example: 'xiamen' }) @IsId() city!: string;
  @ApiPropertyOptional({ example: 'huli', description: 'Omitted: every district of the city' }) @Optional() @IsId() district?: string;
  @ApiPropertyOptional() @Optional() @IsId() street?: string;
  @ApiPropertyOptional() @Optional() @IsId() community?: string;
}

/** 配捐: a pool that matches other donors' gifts to needs and projects. */
export class PledgeMatchingPoolDto {
  @ApiProperty({ type: PoolSponsorDto }) @NestedObject(() => PoolSponsorDto) sponsor!: PoolSponsorDto;
  @ApiProperty({ description: 'The pool, in fen', minimum: 1, maximum: MAX_FEN }) @IsInt() @Min(1) @Max(MAX_FEN) pledgedFen!: number;
  @ApiProperty({ type: MatchRatioDto, description: 'match = floor(gift fen x match / gift), rounded down to the fen' })
  @NestedObject(() => MatchRatioDto)
  ratio!: MatchRatioDto;
  @ApiProperty({ description: "The most the pool gives for one donor's gifts in the window, all together (fen)", minimum: 1, maximum: MAX_FEN })
  @IsInt() @Min(1) @Max(MAX_FEN)
  perDonorCapFen!: number;
  @ApiProperty({ description: 'The most the pool gives to one need or project (fen)', minimum: 1, maximum: MAX_FEN })
  @IsInt() @Min(1) @Max(MAX_FEN)
  perTargetCapFen!: number;
  @ApiProperty({ example: '2026-09-07T00:00', description: 'Beijing wall-clock time the window opens (inclusive)' })
  @IsBeijingWallClock()
  opensAt!: string;
  @ApiProperty({ example: '2026-09-10T00:00', description: 'Beijing wall-clock time the window closes (exclusive)' })
  @IsBeijingWallClock()
  closesAt!: string;
  @ApiProperty({ type: PoolAreaDto, description: 'Gifts to needs and projects in this area; it must lie inside the token’s' })
  @NestedObject(() => PoolAreaDto)
  area!: PoolAreaDto;
  @ApiPropertyOptional({ enum: serviceCategories, isArray: true, description: 'Omitted: any category' })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(serviceCategories.length) @IsIn(serviceCategories, { each: true })
  categories?: ServiceCategory[];
}

export class MatchingPoolListQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 }) @Optional() @QueryNumber() @IsInt() @Min(1) @Max(500) limit?: number;
}

export class PoolTargetUsageDto {
  @ApiProperty({ enum: ['need', 'project'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Matched to it from the pool (fen)' }) matchedFen!: number;
  @ApiProperty({ description: 'True when its cap is reached' }) atCap!: boolean;
}

export class PoolGiftsDto {
  @ApiProperty() matched!: number;
  @ApiProperty() unmatched!: number;
  @ApiProperty() reversed!: number;
  @ApiProperty({ description: `Unmatched gifts by reason: ${Object.keys(UNMATCHED_REASONS).join(', ')}`, additionalProperties: { type: 'integer' } })
  unmatchedByReason!: Record<string, number>;
}

export class MatchingPoolViewDto {
  @ApiProperty() poolId!: string;
  @ApiProperty() sponsor!: { kind: string; name: string };
  @ApiProperty() ratio!: MatchRatioDto;
  @ApiProperty() perDonorCapFen!: number;
  @ApiProperty() perTargetCapFen!: number;
  @ApiProperty({ description: 'Beijing wall clock, inclusive' }) opensAt!: string;
  @ApiProperty({ description: 'Beijing wall clock, exclusive' }) closesAt!: string;
  @ApiProperty({ enum: ['upcoming', 'open', 'closed'], description: 'The window now, in Beijing time (closed too once the sponsor closed it early)' }) window!: string;
  @ApiProperty({ nullable: true, description: 'UTC instant the sponsor closed the pool early (POST /matching-pools/{poolId}/close); null otherwise' }) closedAt!: string | null;
  @ApiProperty() area!: PoolAreaDto;
  @ApiProperty({ nullable: true, type: [String] }) categories!: string[] | null;
  @ApiProperty({ description: 'fen' }) pledgedFen!: number;
  @ApiProperty({ description: 'fen; pledgedFen = matchedFen + balanceFen' }) balanceFen!: number;
  @ApiProperty({ description: 'fen: running matches (reversed ones given back)' }) matchedFen!: number;
  @ApiProperty({ description: 'Donors matched so far (never who)' }) donors!: number;
  @ApiProperty({ description: 'Donors whose cap is reached' }) donorsAtCap!: number;
  @ApiProperty({ type: [PoolTargetUsageDto] }) targets!: PoolTargetUsageDto[];
  @ApiProperty({ type: PoolGiftsDto }) gifts!: PoolGiftsDto;
}

export class TopUpMatchingPoolDto {
  @ApiProperty({ description: 'Fen added to the pool (its pledge and balance); the pool at most 10^11 fen', minimum: 1, maximum: MAX_FEN })
  @IsInt() @Min(1) @Max(MAX_FEN)
  amountFen!: number;
}
