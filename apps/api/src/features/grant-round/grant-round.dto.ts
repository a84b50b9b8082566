import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength,
} from 'class-validator';
import {
  DEFAULT_REVIEWS_REQUIRED, GRANT_FUNDER_KINDS, GRANT_OUTCOMES, GRANT_RECUSAL_REASONS, MAX_APPLICATION_COMMUNITIES, MAX_GRANT_REVIEWERS, MAX_BUDGET_LINES, MAX_GRANT_CRITERIA, serviceCategories, type GrantFunderKind, type GrantRecusalReason, type ServiceCategory,
} from '#domain';
import { ListQueryDto } from '../../http/list-query.dto.js';
import { IsId, MAX_FEN, NestedArray, NestedObject, Optional, TEXT_MAX_LENGTH } from '../../http/validators.js';

const BEIJING_WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const FUNDER_KINDS = Object.keys(GRANT_FUNDER_KINDS) as GrantFunderKind[];
/** A token subject (`sub`), as actorFromClaims accepts it. */
const SUBJECT = /^[A-Za-z0-9._:@|-]{1,128}$/;

export class GrantRoundIdParams {
  @ApiProperty() @IsId() roundId!: string;
}

export class GrantApplicationParams extends GrantRoundIdParams {
  @ApiProperty() @IsId() applicationId!: string;
}

export class GrantFunderDto {
  @ApiProperty({ enum: FUNDER_KINDS, description: 'civil_affairs_bureau for a bureau token; a charitable organisation for a charity_base token' })
  @IsIn(FUNDER_KINDS)
  kind!: GrantFunderKind;
  @ApiProperty({ example: '湖里区民政局' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
}

export class GrantCriterionDto {
  @ApiProperty({ example: '项目设计' }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ minimum: 1, maximum: 100, description: 'Points (分值): the criterion\'s weight and the highest score a reviewer gives it' })
  @IsInt() @Min(1) @Max(100)
  points!: number;
}

export class GrantAreaDto {
  @ApiProperty({ example: 'xiamen' }) @IsId() city!: string;
  @ApiPropertyOptional({ example: 'huli', description: 'Omitted: every district of the city' }) @Optional() @IsId() district?: string;
  @ApiPropertyOptional() @Optional() @IsId() street?: string;
  @ApiPropertyOptional() @Optional() @IsId() community?: string;
}

/** 公益创投: a round's call for applications. */
export class OpenGrantRoundDto {
  @ApiProperty({ example: '2026 年湖里区社区公益创投' }) @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiProperty({ type: GrantFunderDto }) @NestedObject(() => GrantFunderDto) funder!: GrantFunderDto;
  @ApiProperty({ type: GrantAreaDto, description: 'Projects serving communities in this area apply; it must lie inside the token\'s' })
  @NestedObject(() => GrantAreaDto)
  area!: GrantAreaDto;
  @ApiProperty({ type: [GrantCriterionDto], description: `1-${MAX_GRANT_CRITERIA} criteria (评分标准), in order (criterionId c1, c2, ...); their points sum to 100` })
  @NestedArray(() => GrantCriterionDto) @ArrayMinSize(1) @ArrayMaxSize(MAX_GRANT_CRITERIA)
  criteria!: GrantCriterionDto[];
  @ApiProperty({ description: 'The round\'s whole budget, in fen', minimum: 1, maximum: MAX_FEN }) @IsInt() @Min(1) @Max(MAX_FEN) budgetFen!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 60, description: 'The least mean score (out of 100) a funded application needs (立项分数线)' })
  @IsInt() @Min(0) @Max(100)
  passingScore!: number;
  @ApiProperty({ example: '2026-03-31T17:00', description: 'Beijing wall-clock time applications close (exclusive); in the future' })
  @Matches(BEIJING_WALL_CLOCK)
  applicationDeadline!: string;
  @ApiProperty({ example: '2026-04-15T17:00', description: 'Beijing wall-clock time reviews close (exclusive); after the application deadline' })
  @Matches(BEIJING_WALL_CLOCK)
  reviewDeadline!: string;
  @ApiPropertyOptional({
    minimum: 1, maximum: MAX_GRANT_REVIEWERS, example: 3,
    description: `Reviews each standing application needs before the award. Omitted: min(${DEFAULT_REVIEWS_REQUIRED}, the reviewers eligible for it — appointed, not recused, no declared tie to the applicant), at least 1`,
  })
  @Optional() @IsInt() @Min(1) @Max(MAX_GRANT_REVIEWERS)
  reviewsRequired?: number;
}

export class AppointGrantReviewerDto {
  @ApiProperty({ example: 'expert-li', description: 'The reviewer\'s token subject (sub): the account that will score' })
  @IsString() @Matches(SUBJECT)
  reviewerSubject!: string;
  @ApiPropertyOptional({ description: 'The issuer (iss) of the reviewer\'s tokens; omitted: the appointing token\'s issuer' })
  @Optional() @IsString() @MinLength(1) @MaxLength(512)
  reviewerIssuer?: string;
  @ApiPropertyOptional({ type: [String], description: 'Organisations the reviewer declares a tie to (回避申报): it never scores their applications' })
  @Optional() @IsArray() @ArrayMaxSize(50) @IsId({ each: true })
  declaredTies?: string[];
}

export class GrantBudgetLineDto {
  @ApiProperty({ example: '餐费补贴' }) @IsString() @MinLength(1) @MaxLength(200) item!: string;
  @ApiProperty({ description: 'fen', minimum: 1, maximum: MAX_FEN }) @IsInt() @Min(1) @Max(MAX_FEN) amountFen!: number;
}

/** 项目设计: the project the organisation proposes. */
export class GrantProjectDesignDto {
  @ApiProperty({ example: '长者助餐服务' }) @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiProperty({ enum: serviceCategories }) @IsIn(serviceCategories) category!: ServiceCategory;
  @ApiProperty({ example: '为独居老人提供每日午餐配送' }) @IsString() @MinLength(1) @MaxLength(TEXT_MAX_LENGTH) summary!: string;
  @ApiProperty({ type: [String], description: `1-${MAX_APPLICATION_COMMUNITIES} registered communities the project serves, in the round's area` })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_APPLICATION_COMMUNITIES) @IsId({ each: true })
  communityIds!: string[];
  @ApiProperty({ minimum: 1, maximum: 1_000_000 }) @IsInt() @Min(1) @Max(1_000_000) beneficiaries!: number;
  @ApiProperty({ type: [GrantBudgetLineDto], description: `1-${MAX_BUDGET_LINES} lines; the request is their sum, at most the round's budget` })
  @NestedArray(() => GrantBudgetLineDto) @ArrayMinSize(1) @ArrayMaxSize(MAX_BUDGET_LINES)
  budgetLines!: GrantBudgetLineDto[];
}

export class SubmitGrantApplicationDto {
  @ApiProperty({ description: 'The applying organisation: the token\'s own (claim org)' }) @IsId() organisationId!: string;
  @ApiProperty({ type: GrantProjectDesignDto }) @NestedObject(() => GrantProjectDesignDto) design!: GrantProjectDesignDto;
}

export class WithdrawGrantApplicationDto {
  @ApiProperty({ example: '机构人员调整' }) @IsString() @MinLength(1) @MaxLength(TEXT_MAX_LENGTH) reason!: string;
}

export class RecuseGrantReviewerDto {
  @ApiProperty({ enum: Object.keys(GRANT_RECUSAL_REASONS), description: `Why (回避事由), a code: ${Object.entries(GRANT_RECUSAL_REASONS).map(([code, label]) => `${code} ${label}`).join('; ')}` })
  @IsIn(Object.keys(GRANT_RECUSAL_REASONS))
  reason!: GrantRecusalReason;
}

export class GrantCriterionScoreDto {
  @ApiProperty({ example: 'c1' }) @IsId() criterionId!: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'A whole score from 0 to the criterion\'s points' }) @IsInt() @Min(0) @Max(100) score!: number;
}

export class ScoreGrantApplicationDto {
  @ApiProperty({ type: [GrantCriterionScoreDto], description: 'One score per criterion of the round' })
  @NestedArray(() => GrantCriterionScoreDto) @ArrayMinSize(1) @ArrayMaxSize(MAX_GRANT_CRITERIA)
  scores!: GrantCriterionScoreDto[];
}

export class GrantRoundListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'awarded'] }) @Optional() @IsIn(['open', 'closed', 'awarded']) status?: string;
  @ApiPropertyOptional({ enum: FUNDER_KINDS }) @Optional() @IsIn(FUNDER_KINDS) funderKind?: string;
}

export class GrantListQueryDto extends ListQueryDto {
  @ApiPropertyOptional() @Optional() @IsId() roundId?: string;
  @ApiPropertyOptional() @Optional() @IsId() organisationId?: string;
  @ApiPropertyOptional({ enum: serviceCategories }) @Optional() @IsIn(serviceCategories) category?: string;
}

export class GrantApplicationSubmittedDto {
  @ApiProperty() id!: string;
  @ApiProperty() applicationId!: string;
  @ApiProperty() position!: number;
}

export const GRANT_OUTCOME_CODES = Object.keys(GRANT_OUTCOMES);
