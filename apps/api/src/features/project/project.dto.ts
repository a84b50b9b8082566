import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBase64, IsBoolean, IsNumber, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  EVALUATION_GRADES, HOURS_IN_DAY, HOURS_IN_WEEK, MAX_SOCIAL_WORKER_HOURS_PER_WEEK, PROJECT_KINDS, PROJECT_TITLE_MAX_LENGTH, PROPOSAL_MAX_LENGTH, RATING_COMMENT_MAX_LENGTH,
  REPORT_KINDS, REPORT_SUMMARY_MAX_LENGTH, SERVICE_RATINGS, serviceCategories, STATION_LEVELS, type EvaluationGrade, type ProjectKind,
  type ReportKind, type ServiceCategory, type ServiceRating, type StationLevel,
} from '#domain';
import { AreaListQueryDto, AsOfDate, ConsistencyQueryDto, ListQueryDto } from '../../http/list-query.dto.js';
import { CommandResponseDto } from '../../http/command-response.js';
import {
  hasDecimalPlaces, ID_PATTERN, IsCalendarDate, IsDecimal, IsInstant, IsId, MAX_FEN, NestedArray, NestedObject, Optional, QueryNumber, TEXT_MAX_LENGTH,
} from '../../http/validators.js';

const REASON_MAX_LENGTH = 500;
const MAX_PEOPLE_PER_DELIVERY = 200;

/** `{ personId: hours }` with ids as path ids and hours in (0, 168]: the per-person hours of a delivery. */
const IsHoursByPerson = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isHoursByPerson',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= MAX_PEOPLE_PER_DELIVERY &&
            entries.every(([id, hours]) => ID_PATTERN.test(id) && hasDecimalPlaces(hours, 2) && hours > 0 && hours <= HOURS_IN_WEEK)
          );
        },
        defaultMessage: () => `$property maps up to ${MAX_PEOPLE_PER_DELIVERY} person ids to hours in (0, ${HOURS_IN_WEEK}]`,
      },
    },
    options,
  );

/** Query strings carry booleans as text. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// ---- design and purchase -----------------------------------------------------------------------

export class ProjectAreaDto {
  @ApiProperty({ example: 'xiamen' }) @IsId() city!: string;
  @ApiProperty({ example: 'siming' }) @IsId() district!: string;
  @ApiPropertyOptional({ description: "Omit for a district-level project (a general station)" }) @Optional() @IsId() street?: string;
  @ApiPropertyOptional({ description: 'Omit for a street- or district-level project' }) @Optional() @IsId() community?: string;
}

export class ProjectPeriodDto {
  @ApiProperty({ example: '2027-01-01' }) @IsCalendarDate() start!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 120, default: 36, description: 'Rule 4: 3 years unless stated' })
  @Optional() @IsInt() @Min(1) @Max(120)
  months?: number;
}

export class ServiceItemDto {
  @ApiProperty({ example: '助餐配送' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: serviceCategories }) @IsIn(serviceCategories) category!: ServiceCategory;
  @ApiPropertyOptional({ description: 'A confidential matter of the street government (rule 8: not a station service)' })
  @Optional() @IsBoolean()
  confidential?: boolean;
  @ApiPropertyOptional({ description: 'An administrative act of the street government (rule 8: not a station service)' })
  @Optional() @IsBoolean()
  administrativeAct?: boolean;
}

/** 民生项目: a project the community or bureau designs for listed needs. */
export class DesignProjectDto {
  @ApiProperty({ maxLength: PROJECT_TITLE_MAX_LENGTH, example: '思明区街道社工站' })
  @IsString() @MinLength(1) @MaxLength(PROJECT_TITLE_MAX_LENGTH)
  title!: string;
  @ApiProperty({ type: ProjectAreaDto }) @NestedObject(() => ProjectAreaDto) area!: ProjectAreaDto;
  @ApiProperty({ enum: PROJECT_KINDS }) @IsIn(PROJECT_KINDS) kind!: ProjectKind;
  @ApiPropertyOptional({ enum: STATION_LEVELS, description: 'Required for a social-work station' })
  @Optional() @IsIn(STATION_LEVELS)
  stationLevel?: StationLevel;
  @ApiProperty({ enum: serviceCategories, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(serviceCategories.length) @IsIn(serviceCategories, { each: true })
  categories!: ServiceCategory[];
  @ApiPropertyOptional({ type: [String], description: 'Listed needs the project answers' })
  @Optional() @IsArray() @ArrayMaxSize(100) @IsId({ each: true })
  needIds?: string[];
  @ApiProperty({ description: 'Budget in fen (分)' }) @IsInt() @Min(1) @Max(MAX_FEN) budgetFen!: number;
  @ApiProperty({ type: ProjectPeriodDto }) @NestedObject(() => ProjectPeriodDto) period!: ProjectPeriodDto;
  @ApiProperty({ maxLength: 20_000 }) @IsString() @MaxLength(20_000) requirements!: string;
  @ApiProperty({ type: [ServiceItemDto] })
  @NestedArray(() => ServiceItemDto) @ArrayMinSize(1) @ArrayMaxSize(100)
  serviceItems!: ServiceItemDto[];
}

export class BiddingEligibilityDto {
  @ApiProperty({ description: '承接主体条件', maxLength: TEXT_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(TEXT_MAX_LENGTH) description!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 5, description: 'Lowest organisation grade (1A-5A); 0 lets any grade bid' })
  @Optional() @IsInt() @Min(0) @Max(5)
  minimumGrade?: number;
}

export class PublishProjectDto {
  @ApiProperty({ example: '2027-01-15T10:00:00+08:00', description: 'Bids are taken until this instant' })
  @IsInstant()
  deadline!: string;
  @ApiProperty({ type: BiddingEligibilityDto }) @NestedObject(() => BiddingEligibilityDto) eligibility!: BiddingEligibilityDto;
}

export class SubmitBidDto {
  @ApiProperty({ description: 'The bidding organisation; its standing is checked (rules 7, 11)' }) @IsId() organisationId!: string;
  @ApiProperty({ description: 'Price in fen' }) @IsInt() @Min(1) @Max(MAX_FEN) priceFen!: number;
  @ApiProperty({ maxLength: PROPOSAL_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(PROPOSAL_MAX_LENGTH) proposal!: string;
}

export class BidSubmittedResponseDto extends CommandResponseDto {
  @ApiProperty({ description: 'Id of the bid, for withdrawing it or awarding the contract' }) bidId!: string;
}

/** Every term optional here: a contract missing one is refused by rule 4 with the list of what is missing. */
export class ContractTermsDto {
  @ApiPropertyOptional({ description: '服务内容' }) @Optional() @IsString() @MaxLength(TEXT_MAX_LENGTH) content?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 120, default: 36 }) @Optional() @IsInt() @Min(1) @Max(120) termMonths?: number;
  @ApiPropertyOptional({ description: '服务数量' }) @Optional() @IsString() @MaxLength(TEXT_MAX_LENGTH) quantity?: string;
  @ApiPropertyOptional({ description: '服务质量' }) @Optional() @IsString() @MaxLength(TEXT_MAX_LENGTH) quality?: string;
  @ApiPropertyOptional({ description: 'Price in fen' }) @Optional() @IsInt() @Min(1) @Max(MAX_FEN) priceFen?: number;
  @ApiPropertyOptional({ description: '资金结算方式' }) @Optional() @IsString() @MaxLength(TEXT_MAX_LENGTH) settlementMethod?: string;
}

export class AwardContractDto {
  @ApiProperty() @IsId() bidId!: string;
  @ApiProperty({ type: ContractTermsDto }) @NestedObject(() => ContractTermsDto) contract!: ContractTermsDto;
}

// ---- staff -------------------------------------------------------------------------------------

export class AssignProjectStaffDto {
  @ApiProperty({ description: "One of the contractor's own social workers (rule 6)" }) @IsId() socialWorkerId!: string;
  @ApiProperty({ minimum: 0.5, maximum: MAX_SOCIAL_WORKER_HOURS_PER_WEEK, description: 'Weekly hours reserved on the social worker (at most 40 over all projects)' })
  @IsDecimal(2) @Min(0.5) @Max(MAX_SOCIAL_WORKER_HOURS_PER_WEEK)
  hoursPerWeek!: number;
}

export class ReleaseProjectStaffDto {
  @ApiProperty({ maxLength: REASON_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(REASON_MAX_LENGTH) reason!: string;
}

// ---- delivery and after ------------------------------------------------------------------------

export class DeliveredByDto {
  @ApiProperty({ description: 'Must be the contractor (rule 6: no subcontracting)' }) @IsId() organisationId!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(MAX_PEOPLE_PER_DELIVERY) @IsId({ each: true }) socialWorkerIds!: string[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(MAX_PEOPLE_PER_DELIVERY) @IsId({ each: true }) volunteerIds!: string[];
}

export class DeliveredServiceItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @Optional() @IsBoolean() confidential?: boolean;
  @ApiPropertyOptional() @Optional() @IsBoolean() administrativeAct?: boolean;
}

export class DeliverServiceDto {
  @ApiProperty({ description: 'Caller-chosen: a re-sent log records once' }) @IsId() deliveryId!: string;
  @ApiProperty({ type: DeliveredByDto }) @NestedObject(() => DeliveredByDto) deliveredBy!: DeliveredByDto;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'socialWorkerId -> hours, when they served different lengths of time',
  })
  @Optional() @IsHoursByPerson()
  hoursBySocialWorker?: Record<string, number>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' }, description: 'volunteerId -> hours' })
  @Optional() @IsHoursByPerson()
  hoursByVolunteer?: Record<string, number>;
  @ApiProperty({ enum: serviceCategories }) @IsIn(serviceCategories) category!: ServiceCategory;
  @ApiProperty({ type: DeliveredServiceItemDto }) @NestedObject(() => DeliveredServiceItemDto) serviceItem!: DeliveredServiceItemDto;
  @ApiProperty({ description: `Up to ${HOURS_IN_DAY} for a day, up to ${HOURS_IN_WEEK} for a weekly log (weekOf)` })
  @IsDecimal(2) @Min(0.25) @Max(HOURS_IN_WEEK)
  hours!: number;
  @ApiProperty({ minimum: 0, maximum: 100000 }) @IsInt() @Min(0) @Max(100000) beneficiaries!: number;
  @ApiProperty() @IsId() communityId!: string;
  @ApiProperty({ example: '2027-01-20', description: 'China-local date' }) @IsCalendarDate() deliveredOn!: string;
  @ApiPropertyOptional({ description: 'Monday of the week, when the entry logs a whole week' }) @Optional() @IsCalendarDate() weekOf?: string;
}

export class FileReportDto {
  @ApiProperty({ description: 'Caller-chosen: a re-sent report files once' }) @IsId() reportId!: string;
  @ApiProperty({ enum: REPORT_KINDS }) @IsIn(REPORT_KINDS) kind!: ReportKind;
  @ApiProperty({ example: '2027-01', description: "'YYYY-MM' for a monthly brief, the span covered otherwise" })
  @IsString() @MinLength(1) @MaxLength(100)
  period!: string;
  @ApiProperty({ maxLength: REPORT_SUMMARY_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(REPORT_SUMMARY_MAX_LENGTH) summary!: string;
  @ApiPropertyOptional({
    type: () => [FiledFigureDto],
    description: "减负: the organisation's figures, by the draft's keys (GET .../reports/{kind}/draft); a drafted figure not named is filed as drafted. Not with workbook.",
  })
  @NestedArray(() => FiledFigureDto, { optional: true }) @ArrayMaxSize(5000)
  figures?: FiledFigureDto[];
  @ApiPropertyOptional({
    description: 'The corrected draft workbook (.xlsx), base64: the 机构更正数据 column is filed, a blank cell files the facts\' figure. ' +
      'A formula counts by the value saved with it. A bad cell answers 422 REPORT_WORKBOOK_INVALID with details.problems [{ row, column, code }] ' +
      '(CELL_KEY_MISSING, CELL_UNIT_UNKNOWN, CELL_NOT_A_NUMBER, CELL_VALUE_INVALID, CELL_FORMULA_WITHOUT_VALUE, CELL_ERROR) and nothing is filed; ' +
      'a workbook inflating beyond 32 MB or 500 parts answers 413 WORKBOOK_TOO_LARGE. Not with figures.',
  })
  @Optional() @IsBase64() @MaxLength(60_000)
  workbook?: string;
}

export class FiledFigureDto {
  @ApiProperty({ example: 'hours.delivered' }) @IsString() @Matches(/^[A-Za-z0-9_.:-]{1,200}$/) key!: string;
  @ApiProperty({ description: 'In the figure\'s unit: count, persons and fen whole numbers, hours up to two decimals; >= 0' }) @IsNumber() value!: number;
}

export class RateServiceDto {
  @ApiProperty({ description: 'Caller-chosen: a re-sent rating records once' }) @IsId() ratingId!: string;
  @ApiPropertyOptional({ description: 'The delivery rated' }) @Optional() @IsId() deliveryId?: string;
  @ApiProperty({ enum: SERVICE_RATINGS, description: '好差评' }) @IsIn(SERVICE_RATINGS) rating!: ServiceRating;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) score!: number;
  @ApiPropertyOptional({ maxLength: RATING_COMMENT_MAX_LENGTH }) @Optional() @IsString() @MaxLength(RATING_COMMENT_MAX_LENGTH) comment?: string;
}

export class EvaluateContractDto {
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2200) year!: number;
  @ApiProperty({ enum: EVALUATION_GRADES, description: "'unqualified' terminates the contract (rule 9)" })
  @IsIn(EVALUATION_GRADES)
  grade!: EvaluationGrade;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsDecimal(2) @Min(0) @Max(100) score!: number;
}

export class TerminateContractDto {
  @ApiProperty({ maxLength: REASON_MAX_LENGTH }) @IsString() @MinLength(1) @MaxLength(REASON_MAX_LENGTH) reason!: string;
}

// ---- path parameters ---------------------------------------------------------------------------

export class ProjectIdParams {
  @ApiProperty() @IsId() projectId!: string;
}

export class ProjectBidParams extends ProjectIdParams {
  @ApiProperty() @IsId() bidId!: string;
}

export class ProjectStaffParams extends ProjectIdParams {
  @ApiProperty() @IsId() socialWorkerId!: string;
}

// ---- queries -----------------------------------------------------------------------------------

/** 'awarded' 公示期 (award announced, standstill running or run), 'challenged' 质疑中. */
export const PROJECT_STATUSES = ['designed', 'published', 'bidding_closed', 'awarded', 'challenged', 'contracted', 'terminated', 'completed'] as const;
export const BID_STATUSES = ['submitted', 'withdrawn', 'standing', 'awarded', 'won', 'lost'] as const;

export class ProjectListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: serviceCategories }) @Optional() @IsIn(serviceCategories) category?: ServiceCategory;
  @ApiPropertyOptional({ enum: PROJECT_STATUSES }) @Optional() @IsIn(PROJECT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: PROJECT_KINDS }) @Optional() @IsIn(PROJECT_KINDS) kind?: ProjectKind;
  @ApiPropertyOptional({ description: 'Projects contracted to this organisation' }) @Optional() @IsId() contractorOrganisationId?: string;
  @ApiPropertyOptional({ description: 'Only projects whose cost is not yet covered by matched charity money and the matching pools\' matches (配捐)' })
  @Optional() @Transform(toBoolean) @IsBoolean()
  withFundingGap?: boolean;
  @ApiPropertyOptional({
    example: '2026-12-10T00:00:00+08:00',
    description: 'Awards not yet signed whose standstill (质疑期) ends by this instant: the deadline a "challenge period ending" notice keys on',
  })
  @Optional() @IsInstant()
  standstillEndsBy?: string;
  @AsOfDate() asOf?: string;
}

export class ProjectDetailQueryDto extends ConsistencyQueryDto {
  @ApiPropertyOptional({ description: "Only this week's station hours (the Monday, rule 2)" }) @Optional() @IsCalendarDate() weekOf?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 26, description: 'Weeks before each evaluation for hoursBeforeEvaluations (default HOURS_BEFORE_EVALUATION_WEEKS, 4)' })
  @Optional() @QueryNumber() @IsInt() @Min(1) @Max(26)
  weeksBeforeEvaluation?: number;
}

export class BidListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: BID_STATUSES }) @Optional() @IsIn(BID_STATUSES) status?: string;
  @ApiPropertyOptional() @Optional() @IsId() organisationId?: string;
}
