import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of a gift's trail (libs/application: DonationTrail). Amounts are integer fen. */
export class TrailTotalsDto {
  @ApiProperty({ description: 'Fen pledged' }) pledgedFen!: number;
  @ApiProperty({ description: 'Fen allocated to needs and projects now: matched less released' }) allocatedFen!: number;
  @ApiProperty({ description: 'Fen paid out to the targets' }) disbursedFen!: number;
  @ApiProperty({ description: 'allocatedFen - disbursedFen' }) undisbursedFen!: number;
  @ApiProperty({ description: 'Fen matched and later released back to the balance' }) releasedFen!: number;
  @ApiProperty({ description: 'Fen refunded to the donor' }) refundedFen!: number;
  @ApiProperty({ description: 'pledgedFen - allocatedFen - refundedFen: still free to match' }) unallocatedFen!: number;
  @ApiPropertyOptional({ nullable: true, description: 'What the receipt states now (after corrections); null before a receipt' }) receiptedFen!: number | null;
}

export class TrailStepDto {
  @ApiProperty() revision!: number;
  @ApiProperty({ example: 'DonationDisbursed' }) type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ example: '2026-06-30T14:05:09+08:00' }) occurredAtBeijing!: string;
  @ApiProperty({ example: '向项目 p-1拨付 1,000.00 元（该对接累计拨付 1,000.00 元）' }) summary!: string;
  @ApiPropertyOptional({ nullable: true }) amountFen!: number | null;
  @ApiPropertyOptional({ nullable: true }) matchId!: string | null;
}

export class TrailMatchDto {
  @ApiProperty() matchId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { kind: 'need', id: 'n-1', title: '独居老人助餐' } }) target!: Record<string, unknown>;
  @ApiProperty() matchedAt!: string;
  @ApiProperty() automatic!: boolean;
  @ApiProperty() matchedFen!: number;
  @ApiProperty() releasedFen!: number;
  @ApiProperty() allocatedFen!: number;
  @ApiProperty() disbursedFen!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'need: status, beneficiaries, fulfilledAt; project: status, contractor, delivered and deliveredSinceMatched {deliveries, hours, beneficiaries}, completedAt',
  })
  outcome!: Record<string, unknown>;
}

/** 配捐: what a matching pool made of one of this donation's gifts. */
export class TrailPoolMatchDto {
  @ApiProperty() poolId!: string;
  @ApiProperty({ description: 'The donation match that is the gift' }) matchId!: string;
  @ApiProperty({ description: '{kind: need|project, id}' }) target!: { kind: string; id: string };
  @ApiProperty({ description: 'fen' }) giftFen!: number;
  @ApiProperty({ enum: ['matched', 'unmatched', 'reversed'], description: 'reversed: the gift was released and the match went back to the pool' }) outcome!: string;
  @ApiProperty({ description: 'fen the pool gave (before a reversal)' }) matchFen!: number;
  @ApiProperty({ nullable: true, enum: ['donor_cap', 'target_cap', 'pool_balance'] }) limitedBy!: string | null;
  @ApiProperty({ nullable: true, description: 'Why an unmatched gift drew nothing (pool_exhausted, donor_cap_reached, ...)' }) reason!: string | null;
  @ApiProperty({ description: 'ISO instant the gift was made' }) givenAt!: string;
}

export class DonationTrailDto {
  @ApiProperty() donationId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { kind: 'enterprise', kindLabel: '企业', name: '厦门鹭岛科技有限公司' } }) donor!: Record<string, unknown>;
  @ApiProperty({ enum: ['money', 'goods', 'venue_time'] }) resource!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) area!: Record<string, unknown>;
  @ApiProperty() pledgedAt!: string;
  @ApiProperty() expired!: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, example: { number: 'R-2026-001', amountFen: 600000, voided: false } }) receipt!: Record<string, unknown> | null;
  @ApiProperty({ type: [TrailMatchDto] }) matches!: TrailMatchDto[];
  @ApiProperty({ type: [TrailStepDto], description: 'Every fact of the donation, oldest first' }) steps!: TrailStepDto[];
  @ApiProperty({ type: [TrailPoolMatchDto], description: 'What each matching pool (配捐) made of its gifts, oldest first' }) poolMatches!: TrailPoolMatchDto[];
  @ApiProperty({ type: TrailTotalsDto }) totals!: TrailTotalsDto;
}

export class DonorTrailDto {
  @ApiProperty({ description: 'The token subject whose gifts these are' }) donor!: string;
  @ApiProperty({ type: [DonationTrailDto], description: 'Oldest gift first' }) gifts!: DonationTrailDto[];
  @ApiProperty({ type: TrailTotalsDto, description: 'The sums over all gifts' }) totals!: TrailTotalsDto;
}
