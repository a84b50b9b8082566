import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { AsOfDate, ConsistencyQueryDto } from '../../http/list-query.dto.js';

export const INDICATOR_LEVELS = ['community', 'street', 'district', 'city'] as const;

/** `GET /indicators?level=street&code=zhonghua[&asOf=2026-06-30]`. */
export class IndicatorsQueryDto extends ConsistencyQueryDto {
  @ApiProperty({ enum: INDICATOR_LEVELS, description: 'Administrative level: 社区 community, 街道 street, 区 district, 市 city' })
  @IsIn(INDICATOR_LEVELS)
  level!: (typeof INDICATOR_LEVELS)[number];

  @ApiProperty({ description: "The area's code at that level (as in the token's area path), e.g. zhonghua", example: 'zhonghua' })
  @IsString() @MinLength(1) @MaxLength(64)
  code!: string;

  @AsOfDate() asOf?: string;
}
