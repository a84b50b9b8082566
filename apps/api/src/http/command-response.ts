import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HandledCommand } from '#event-store';

export class RecordedFactDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'NeedListed' }) type!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() position!: number;
}

/** What every command answers: where its facts landed, so the caller can read its own writes. */
export class CommandResponseDto {
  @ApiProperty({ description: 'Id of the aggregate the command acted on' }) id!: string;
  @ApiProperty({ example: 'need-3f0c…' }) streamId!: string;
  @ApiProperty({ description: 'Stream revision after the command (-1: still empty)' }) revision!: number;
  @ApiProperty({ description: 'Global position to pass as minPosition to queries' }) position!: number;
  @ApiProperty({ type: [RecordedFactDto] }) events!: RecordedFactDto[];
  @ApiPropertyOptional({ description: 'True when an Idempotency-Key matched an earlier attempt' }) replayed!: boolean;
}

export const toCommandResponse = (id: string, handled: HandledCommand): CommandResponseDto => ({
  id,
  streamId: handled.streamId,
  revision: handled.nextExpectedRevision,
  position: handled.position,
  events: handled.events.map(({ eventId, type, revision, position }) => ({ eventId, type, revision, position })),
  replayed: handled.replayed,
});
