import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of a record's history (libs/application: RecordHistory). */
export class HistoryActorDto {
  @ApiPropertyOptional({ nullable: true, description: "The token subject that acted; null when it names a person the asker may not see (a volunteer's own account)" }) id!: string | null;
  @ApiProperty({ example: 'community_committee' }) role!: string;
  @ApiProperty({ example: '居委会' }) roleLabel!: string;
  @ApiProperty() hidden!: boolean;
}

export class HistoryEntryDto {
  @ApiProperty({ description: 'Revision in the record\'s stream, from 0' }) revision!: number;
  @ApiProperty({ description: 'Global position in the log' }) position!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'NeedListed' }) type!: string;
  @ApiProperty({ description: 'ISO-8601 instant, UTC' }) occurredAt!: string;
  @ApiProperty({ example: '2026-06-30T14:05:09+08:00', description: 'The same instant in Beijing time (Asia/Shanghai)' }) occurredAtBeijing!: string;
  @ApiProperty({ type: HistoryActorDto }) actor!: HistoryActorDto;
  @ApiProperty({ example: '居委会 c-1 发布需求：独居老人助餐，3 人（养老服务，紧急程度高，来源走访）' }) summary!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The fact\'s data in its current schema (amounts in fen); person references only for who may see the person; {} in the public view' })
  data!: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, description: 'eventId of the EventCorrected that replaced this fact\'s data' }) correctedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Null in the public view' }) correlationId!: string | null;
  @ApiPropertyOptional({ nullable: true }) causationId!: string | null;
}

export class HistoryRecordDto {
  @ApiProperty({ enum: ['need', 'donation', 'matchingPool', 'grantRound', 'project', 'organisation', 'community', 'volunteer', 'socialWorker', 'person'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'need-8f2c…' }) streamId!: string;
}

export class RecordHistoryDto {
  @ApiProperty({ type: HistoryRecordDto }) record!: HistoryRecordDto;
  @ApiProperty({
    enum: ['full', 'public'],
    description: 'The form of the record\'s detail for this reader: full, or public (the notice board\'s timeline: only the facts the board reflects, by role, in words that say no more than the board, data {})',
  })
  view!: 'full' | 'public';
  @ApiProperty({ type: [HistoryEntryDto], description: 'Oldest first' }) entries!: HistoryEntryDto[];
  @ApiProperty({ description: 'True when person references and people\'s own account ids were left out for this asker' }) personalDataHidden!: boolean;
}
