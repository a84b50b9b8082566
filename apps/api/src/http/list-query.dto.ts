import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional, QueryNumber } from './validators.js';

/** Read-your-writes: the query answers only once this global position is projected (bounded wait). */
export class ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'Wait (READ_WAIT_TIMEOUT_MS at most) until the read models include this global position, one a command answered: 504 READ_MODEL_NOT_CAUGHT_UP when they lag, 400 POSITION_NOT_WRITTEN when no write reached it' })
  @Optional() @QueryNumber() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;
}

/** Cursor pagination shared by every list. */
export class ListQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @Optional() @IsString() @MaxLength(512) @Matches(/^[A-Za-z0-9_-]+$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Optional() @QueryNumber() @IsInt() @Min(1) @Max(100)
  limit?: number;
}

/** The area filters every list offers. */
export class AreaListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(64) district?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(64) street?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(64) community?: string;
}

/**
 * `?asOf=YYYY-MM-DD`: the list as it stood at the end of that Beijing calendar date (Asia/Shanghai),
 * from the lists' temporal projections. The read side checks the date: 400 AS_OF_NOT_A_DATE for a
 * malformed or impossible date (2026-02-30), AS_OF_IN_FUTURE for a date after today in Beijing.
 */
export const AsOfDate = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'The list as it stood at the end of this Beijing calendar date (Asia/Shanghai), e.g. 2026-06-30. ' +
        '400 AS_OF_NOT_A_DATE (malformed or impossible date), AS_OF_IN_FUTURE (after today in Beijing)',
      example: '2026-06-30',
    }),
    Optional(),
    IsString(),
    MaxLength(32),
  );
