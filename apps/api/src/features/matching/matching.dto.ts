import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NEED_DECLINE_REASON_MAX_LENGTH } from '#domain';
import { SCORE_FACTORS } from '#matching';
import { ConsistencyQueryDto } from '../../http/list-query.dto.js';
import { IsId, Optional, QueryNumber } from '../../http/validators.js';

/** `<kind>:<id>` as the matcher names resources. */
export const RESOURCE_KEY = /^(volunteer|social-worker|donation|organisation|project):[A-Za-z0-9_-]{1,64}$/;

export class MatchingNeedIdParams {
  @ApiProperty() @IsId() needId!: string;
}

export class MatchingProjectIdParams {
  @ApiProperty() @IsId() projectId!: string;
}

export class ResourceKeyParams {
  @ApiProperty({ example: 'volunteer:3f0c2a', description: '<kind>:<id>; kinds: volunteer, social-worker, donation, organisation, project' })
  @Matches(RESOURCE_KEY)
  resourceKey!: string;
}

export class ProposalsQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5, description: 'Proposals per resource kind' })
  @Optional() @QueryNumber() @IsInt() @Min(1) @Max(50)
  limit?: number;
}

/** Accepting a proposal turns it into a fact on the resource's or the need's stream. */
export class AcceptProposalDto {
  @ApiProperty({ example: 'donation:9b1e…' }) @Matches(RESOURCE_KEY) resourceKey!: string;
  @ApiPropertyOptional({ description: 'Donations: fen to allocate; default the proposal\'s offer' })
  @Optional() @IsInt() @Min(1) @Max(1_000_000_000_00)
  amountFen?: number;
  @ApiPropertyOptional({ description: 'Volunteers and social workers: weekly hours; default the proposal\'s offer' })
  @Optional() @IsInt() @Min(1) @Max(168)
  hoursPerWeek?: number;
}

export class DeclineProposalDto {
  @ApiProperty() @Matches(RESOURCE_KEY) resourceKey!: string;
  @ApiProperty({ maxLength: NEED_DECLINE_REASON_MAX_LENGTH, example: '志愿者住得太远' })
  @IsString() @MinLength(1) @MaxLength(NEED_DECLINE_REASON_MAX_LENGTH)
  reason!: string;
}

/** A batch allocation over the needs inside an area; nothing is committed. */
export class AllocationRequestDto {
  @ApiPropertyOptional({ description: 'Plan over the state at or after this global position (read-your-writes)' })
  @Optional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;
  @ApiPropertyOptional() @Optional() @IsId() district?: string;
  @ApiPropertyOptional() @Optional() @IsId() street?: string;
  @ApiPropertyOptional() @Optional() @IsId() community?: string;
  @ApiPropertyOptional({ description: 'Also run best-edge-first greedy on the same problem and report its figures' })
  @Optional() @IsBoolean()
  compareWithGreedy?: boolean;
}

export class ScoreReasonDto {
  @ApiProperty({
    enum: SCORE_FACTORS,
    description:
      'The reason kind, stable for translation. `fairness`: 1 when the resource received nothing in the last ' +
      '`fairness.windowDays` days, falling in proportion to 0 at its fair share (MATCHING_WEIGHTS), so work is spread',
  })
  factor!: string;
  @ApiProperty({ description: '0-1' }) value!: number;
  @ApiProperty() weight!: number;
  @ApiProperty({ description: 'Points this factor adds to the 0-100 score' }) points!: number;
  @ApiProperty({ example: 'same street' }) detail!: string;
}

export class ProposalDto {
  @ApiProperty({ example: 'need' }) demandKind!: string;
  @ApiProperty() demandId!: string;
  @ApiProperty() resourceKey!: string;
  @ApiProperty() resourceKind!: string;
  @ApiProperty() resourceId!: string;
  @ApiProperty({ description: '0-100' }) score!: number;
  @ApiProperty({ description: 'What the resource would give: hoursPerWeek, amountFen or slots' }) offer!: Record<string, number>;
  @ApiProperty({ description: 'The strongest reasons in one line' }) summary!: string;
  @ApiProperty({ type: [ScoreReasonDto] }) reasons!: ScoreReasonDto[];
}

export class ProposalsResponseDto {
  @ApiProperty({ description: 'Global position the matcher had folded in when it answered' }) position!: number;
  @ApiProperty({ type: [ProposalDto] }) proposals!: ProposalDto[];
}

