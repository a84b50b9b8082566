import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn } from 'class-validator';
import { ELDER_CIRCUMSTANCES, HOME_VISIT_OUTCOMES } from '#domain';
import { AreaListQueryDto } from '../../http/list-query.dto.js';
import { Optional } from '../../http/validators.js';

const queryFlag = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const STATUSES = ['registered', 'removed'] as const;

/** GET /elders: the register of the reader's area (community, street, district narrow it further). */
export class ElderListQueryDto extends AreaListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, description: 'registered: on the register now; removed: taken off it' })
  @Optional() @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
  @ApiPropertyOptional({ description: 'true: seen at home this Beijing month; false: not yet (still owed the month’s visit). 400 VALIDATION_FAILED for anything but true/false' })
  @Optional() @Transform(queryFlag) @IsBoolean()
  visitedThisMonth?: boolean;
}

class ElderAreaDto {
  @ApiProperty() city!: string;
  @ApiProperty() district!: string;
  @ApiProperty() street!: string;
  @ApiProperty({ description: 'The community whose register it is' }) community!: string;
}

class LastVisitDto {
  @ApiProperty({ description: 'Beijing date' }) visitedOn!: string;
  @ApiProperty({ enum: Object.keys(HOME_VISIT_OUTCOMES) }) outcome!: string;
}

/** Who the person is, from the vault: only for readers who may see the person (committee, office, auditor of the area). */
export class ElderPersonDto {
  @ApiPropertyOptional({ nullable: true }) name!: string | null;
  @ApiPropertyOptional({ nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true }) address!: string | null;
}

export class ElderItemDto {
  @ApiProperty() elderId!: string;
  @ApiProperty({ type: ElderAreaDto }) area!: ElderAreaDto;
  @ApiProperty({ enum: Object.keys(ELDER_CIRCUMSTANCES), isArray: true }) circumstances!: string[];
  @ApiProperty({ enum: STATUSES }) status!: string;
  @ApiProperty({ description: 'Instant (UTC)' }) registeredAt!: string;
  @ApiProperty({ nullable: true }) removedAt!: string | null;
  @ApiProperty({ type: LastVisitDto, nullable: true, description: 'Latest visit by Beijing date, any outcome' }) lastVisit!: LastVisitDto | null;
  @ApiProperty({ description: 'Seen at home (outcome other than not_met) in the current Beijing month: what the homeVisits rate counts (seed 003 col. 3)' })
  visitedThisMonth!: boolean;
  @ApiProperty({ type: ElderPersonDto, nullable: true, description: 'null when hidden from this reader or erased' }) person!: ElderPersonDto | null;
  @ApiProperty({ description: 'The person’s data was erased (right to erasure): the row stays, the person is gone' }) personalDataErased!: boolean;
  @ApiProperty({ description: 'This reader may not see who the person is (a social worker, an organisation): the vault was not read' }) personalDataHidden!: boolean;
}

export class ElderPageDto {
  @ApiProperty({ type: ElderItemDto, isArray: true }) items!: ElderItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class HomeVisitItemDto {
  @ApiProperty() visitId!: string;
  @ApiProperty({ description: 'Beijing date' }) visitedOn!: string;
  @ApiProperty({ enum: Object.keys(HOME_VISIT_OUTCOMES) }) outcome!: string;
  @ApiProperty({ description: 'false for not_met: on file, not a visit for the rate' }) met!: boolean;
  @ApiProperty({ enum: ['social_worker', 'volunteer', 'committee_member'] }) visitorKind!: string;
  @ApiProperty() recordedAt!: string;
}

export class ElderPersonDetailDto extends ElderPersonDto {
  @ApiPropertyOptional({ nullable: true, description: '居民身份证号 (detail only)' }) idNumber?: string | null;
}

export class ElderDetailDto extends ElderItemDto {
  @ApiProperty({ type: ElderPersonDetailDto, nullable: true }) declare person: ElderPersonDetailDto | null;
  @ApiProperty({ type: HomeVisitItemDto, isArray: true, description: 'Newest Beijing date first' }) visits!: HomeVisitItemDto[];
}
