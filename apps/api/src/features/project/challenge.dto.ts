import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CHALLENGE_OUTCOMES, CHALLENGE_TEXT_MAX_LENGTH, type ChallengeOutcome } from '#domain';
import { CommandResponseDto } from '../../http/command-response.js';
import { IsId, IsInstant, Optional } from '../../http/validators.js';
import { ProjectIdParams } from './project.dto.js';

export class AnnounceAwardDto {
  @ApiProperty({ description: 'The winning bid; the standstill period (质疑期, PURCHASE_STANDSTILL_WORKING_DAYS) starts now' }) @IsId() bidId!: string;
}

export class LodgeChallengeDto {
  @ApiProperty({ description: "The challenging organisation: the token's own, one whose bid stood in this purchase (not the winner)" })
  @IsId()
  organisationId!: string;
  @ApiProperty({ maxLength: CHALLENGE_TEXT_MAX_LENGTH, description: 'Grounds of the challenge (质疑事项及理由)' })
  @IsString() @MinLength(1) @MaxLength(CHALLENGE_TEXT_MAX_LENGTH)
  grounds!: string;
}

export class ChallengeLodgedResponseDto extends CommandResponseDto {
  @ApiProperty({ description: 'Id of the challenge, for the answer' }) challengeId!: string;
}

export class AnswerChallengeDto {
  @ApiProperty({ enum: CHALLENGE_OUTCOMES, description: "'upheld' cancels the award and reopens bidding; 'dismissed' lets the award stand" })
  @IsIn(CHALLENGE_OUTCOMES)
  outcome!: ChallengeOutcome;
  @ApiProperty({ maxLength: CHALLENGE_TEXT_MAX_LENGTH, description: 'Reasons of the answer (答复理由), published in the open-contracting export' })
  @IsString() @MinLength(1) @MaxLength(CHALLENGE_TEXT_MAX_LENGTH)
  reasons!: string;
  @ApiPropertyOptional({ example: '2027-02-15T10:00:00+08:00', description: 'Upheld only (required then): until when the reopened bidding runs' })
  @Optional() @IsInstant()
  biddingDeadline?: string;
}

export class ProjectChallengeParams extends ProjectIdParams {
  @ApiProperty() @IsId() challengeId!: string;
}
