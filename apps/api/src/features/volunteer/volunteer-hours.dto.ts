import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CommandResponseDto } from '../../http/command-response.js';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { IsId } from '../../http/validators.js';

const REASON_MAX_LENGTH = 500;

export class HoursEntryParams {
  @ApiProperty() @IsId() volunteerId!: string;
  @ApiProperty({ description: 'The entryId POST /volunteers/{volunteerId}/hours answered' }) @IsId() entryId!: string;
}

export class DeclineVolunteerHoursDto {
  @ApiProperty({ maxLength: REASON_MAX_LENGTH, description: 'Why the hours do not count; the volunteer reads it' })
  @IsString() @MinLength(1) @MaxLength(REASON_MAX_LENGTH)
  reason!: string;
}

export class HoursLoggedResponseDto extends CommandResponseDto {
  @ApiProperty({ description: 'The entry to confirm or decline' }) entryId!: string;
  @ApiProperty({ enum: ['pending', 'confirmed'], description: 'pending: reported by the volunteer, counts once its coordinator confirms; confirmed: typed by a coordinator, counts now' })
  status!: 'pending' | 'confirmed';
}

class EntryActorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'community_committee' }) role!: string;
}

class EntryDecisionDto extends EntryActorDto {
  @ApiProperty({ description: 'ISO instant' }) at!: string;
}

class EntryDeclineDto extends EntryDecisionDto {
  @ApiProperty() reason!: string;
}

class EntryTargetDto {
  @ApiProperty({ enum: ['need', 'project'] }) kind!: string;
  @ApiProperty() id!: string;
}

export class HoursEntryDto {
  @ApiProperty({ description: 'The entry id (a session’s id for source session)' }) entryId!: string;
  @ApiProperty({ example: '2026-11-20', description: 'The Beijing date served' }) date!: string;
  @ApiProperty({ description: 'Hours served (0.01 h)' }) hours!: number;
  @ApiProperty({ enum: ['pending', 'confirmed', 'declined'], description: 'Only confirmed entries count' }) status!: string;
  @ApiProperty({ enum: ['self_reported', 'coordinator', 'session'], description: 'Typed by the volunteer, typed by its committee or office, or derived from a check-out' })
  source!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: EntryTargetDto }) target!: EntryTargetDto;
  @ApiProperty({ description: 'When the entry was recorded (ISO instant)' }) loggedAt!: string;
  @ApiPropertyOptional({ type: EntryActorDto, nullable: true, description: 'Who typed it; null for a session' }) loggedBy!: EntryActorDto | null;
  @ApiProperty({ description: 'Typed by someone other than the volunteer or its committee: to be checked' }) flagged!: boolean;
  @ApiPropertyOptional({ type: EntryDecisionDto, nullable: true, description: 'Who confirmed it; null for a session or an entry counted before confirmation existed' })
  confirmedBy!: EntryDecisionDto | null;
  @ApiPropertyOptional({ type: EntryDeclineDto, nullable: true }) declinedBy!: EntryDeclineDto | null;
}

export class HoursEntriesDto {
  @ApiProperty({ type: [HoursEntryDto], description: 'Newest service date first' }) items!: HoursEntryDto[];
  @ApiProperty({ description: 'Confirmed hours, pending hours and declined hours, summed' })
  totals!: { confirmed: number; pending: number; declined: number };
}

/** GET /volunteers/hours/pending: the coordinator's queue, narrowed further by the volunteer's community, street or district. */
export class PendingHoursQueryDto extends AreaListQueryDto {}

class PendingVolunteerAreaDto {
  @ApiProperty() city!: string;
  @ApiProperty() district!: string;
  @ApiProperty() street!: string;
  @ApiProperty() community!: string;
}

export class PendingHoursEntryDto extends HoursEntryDto {
  @ApiProperty({ description: 'Whose entry: confirm at POST /volunteers/{volunteerId}/hours/{entryId}/confirm' }) volunteerId!: string;
  @ApiProperty({ type: PendingVolunteerAreaDto, description: 'The volunteer’s area' }) volunteerArea!: PendingVolunteerAreaDto;
}

export class PendingHoursPageDto {
  @ApiProperty({ type: PendingHoursEntryDto, isArray: true, description: 'Oldest Beijing service date first' }) items!: PendingHoursEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
