import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import {
  ELDER_CIRCUMSTANCES, ELDER_REMOVAL_REASONS, HOME_VISIT_OUTCOMES, HOME_VISITOR_KINDS,
  type ElderCircumstance, type ElderRemovalReason, type HomeVisitOutcome, type HomeVisitorKind,
} from '#domain';
import { PersonalDataDto } from '../../http/personal-data.dto.js';
import { IsCalendarDate, IsId, NestedObject, Optional } from '../../http/validators.js';

const CIRCUMSTANCES = Object.keys(ELDER_CIRCUMSTANCES) as ElderCircumstance[];
const VISITOR_KINDS = Object.keys(HOME_VISITOR_KINDS) as HomeVisitorKind[];
const OUTCOMES = Object.keys(HOME_VISIT_OUTCOMES) as HomeVisitOutcome[];
const REMOVAL_REASONS = Object.keys(ELDER_REMOVAL_REASONS) as ElderRemovalReason[];

export class ElderIdParams {
  @ApiProperty() @IsId() elderId!: string;
}

/** 特殊困难老年人登记: the committee puts a person on its community's register. */
export class RegisterElderDto {
  @ApiProperty({ description: 'The community the person lives in' }) @IsId() communityId!: string;
  @ApiProperty({ enum: CIRCUMSTANCES, isArray: true, description: '独居 living_alone, 空巢 empty_nest, 留守 left_behind, 失能 disabled, 低保特困 low_income, 高龄 advanced_age' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(CIRCUMSTANCES.length) @IsIn(CIRCUMSTANCES, { each: true })
  circumstances!: ElderCircumstance[];
  @ApiPropertyOptional({ type: PersonalDataDto, description: 'Stored encrypted in the vault, never in an event' })
  @NestedObject(() => PersonalDataDto, { optional: true })
  person?: PersonalDataDto;
}

export class HomeVisitorDto {
  @ApiProperty({ enum: VISITOR_KINDS, description: '社工 social_worker, 志愿者 volunteer, 社区工作人员 committee_member' }) @IsIn(VISITOR_KINDS) kind!: HomeVisitorKind;
  @ApiProperty({ description: 'socialWorkerId, volunteerId, or the committee member’s staff reference: never a name', example: 'sw-1' })
  @IsString() @MinLength(1) @MaxLength(128)
  ref!: string;
}

/** 上门走访: who visited on which Beijing date and what they found. */
export class RecordHomeVisitDto {
  @ApiPropertyOptional({ description: 'Caller-chosen id; the same id records once (default: derived from Idempotency-Key, else new)' })
  @Optional() @IsId()
  visitId?: string;
  @ApiProperty({ example: '2026-11-28', description: 'Beijing date of the visit, not after today' }) @IsCalendarDate() visitedOn!: string;
  @ApiProperty({ type: HomeVisitorDto }) @NestedObject(() => HomeVisitorDto) visitor!: HomeVisitorDto;
  @ApiProperty({ enum: OUTCOMES, description: "安好 well, 需跟进 concern, 紧急 urgent, 未见到本人 not_met (not a visit for the monthly rate)" })
  @IsIn(OUTCOMES)
  outcome!: HomeVisitOutcome;
}

export class RemoveElderDto {
  @ApiProperty({ enum: REMOVAL_REASONS }) @IsIn(REMOVAL_REASONS) reason!: ElderRemovalReason;
}
