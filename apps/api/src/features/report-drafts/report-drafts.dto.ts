import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REPORT_KINDS, type ReportKind } from '#domain';
import { IsCalendarMonth, IsId, Optional } from '../../http/validators.js';

export const DRAFT_FORMATS = ['json', 'xlsx'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

export class ReportDraftParams {
  @ApiProperty() @IsId() projectId!: string;
  @ApiProperty({ enum: REPORT_KINDS, description: '月度工作简报, 中期工作报告, 终期工作报告 (rule 10)' }) @IsIn(REPORT_KINDS) reportKind!: ReportKind;
}

export class ReportDraftQueryDto {
  @ApiPropertyOptional({ example: '2027-01', description: 'The month of a monthly brief (YYYY-MM, Beijing time); mid-term and final reports cover their span of the term and ignore it' })
  @Optional() @IsCalendarMonth()
  period?: string;
  @ApiPropertyOptional({ enum: DRAFT_FORMATS, default: 'json', description: 'xlsx: one sheet 报告数据, Chinese headers, a column for the corrected figure; money in yuan (元, two decimals)' })
  @Optional() @IsIn(DRAFT_FORMATS)
  format?: DraftFormat;
}

export class ReportComparisonParams {
  @ApiProperty() @IsId() projectId!: string;
  @ApiProperty() @IsId() reportId!: string;
}

const UNITS_DOC = 'unit: count (次), persons (人次), hours (小时, two decimals), fen (分, 1/100 yuan; the xlsx sheet shows and reads money in yuan, 元, two decimals)';

export class ReportFigureDto {
  @ApiProperty({ example: 'deliveries.total', description: 'Stable key: deliveries.total|category.<c>|community.<id>, hours.delivered|social_workers|volunteers|staff.<id>[.week.<Monday>], beneficiaries.total|community.<id>, ratings.good|bad, money.contract_price, money.donations.matched|released|matched_to_date, money.pool.matched|reversed|matched_to_date, money.spent|spent_to_date (all money in fen)' })
  key!: string;
  @ApiProperty({ example: '服务次数（合计）' }) label!: string;
  @ApiProperty({ enum: ['count', 'persons', 'hours', 'fen'], description: UNITS_DOC }) unit!: string;
  @ApiProperty() value!: number;
}

export class ReportDraftDto {
  @ApiProperty() projectId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty({ description: "'YYYY-MM' for a monthly brief; 'from/to' Beijing dates otherwise: file with it" }) period!: string;
  @ApiProperty({ example: { from: '2027-01-01', to: '2027-01-31' }, description: 'Beijing dates YYYY-MM-DD, both inclusive' }) span!: { from: string; to: string };
  @ApiProperty({ type: [ReportFigureDto] }) figures!: ReportFigureDto[];
}

export class ComparedFigureDto {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['count', 'persons', 'hours', 'fen'], description: UNITS_DOC }) unit!: string;
  @ApiProperty({ description: 'The figure from the facts when the report was filed' }) fromFacts!: number;
  @ApiProperty({ description: "The organisation's filed figure" }) filed!: number;
  @ApiProperty({ description: 'filed - fromFacts, in the unit' }) difference!: number;
  @ApiProperty({ description: 'True when the filed figure differs from the facts' }) differs!: boolean;
}

export class ReportComparisonDto {
  @ApiProperty() projectId!: string;
  @ApiProperty() reportId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: ReportKind;
  @ApiProperty() period!: string;
  @ApiProperty({ description: 'UTC instant' }) filedAt!: string;
  @ApiProperty({ type: [ComparedFigureDto], description: 'Empty for a report filed before figures were kept' }) figures!: ComparedFigureDto[];
  @ApiProperty({ description: 'How many figures differ' }) differing!: number;
}
