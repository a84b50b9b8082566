import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IntegrityBreakDto {
  @ApiProperty({ enum: ['altered_event', 'missing_revision', 'missing_position', 'checkpoint_mismatch', 'unhashed_event'] })
  kind!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The stream whose chain broke; null for a checkpoint or a missing position' })
  streamId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'The revision found broken, or the one missing' })
  revision!: number | null;
  @ApiProperty({ description: 'Position of the broken event, of the first event after a gap, or the boundary of a broken checkpoint' })
  position!: number;
  @ApiProperty({ description: 'What is wrong, in words' })
  detail!: string;
}

export class IntegrityReportDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() eventsChecked!: number;
  @ApiProperty() checkpointsChecked!: number;
  @ApiProperty({ description: 'Checkpoints cover positions up to here; later events are covered by their stream chains' })
  sealedThrough!: number;
  @ApiPropertyOptional({ type: IntegrityBreakDto, nullable: true, description: 'The first broken link, in position order; null when intact' })
  firstBreak!: IntegrityBreakDto | null;
}
