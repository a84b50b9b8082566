import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CommandResponseDto } from '../../http/command-response.js';
import { IsId, Optional } from '../../http/validators.js';

export const SESSION_CODE_FORMATS = ['png', 'svg', 'json'] as const;

/** 扫码签到签退: a coordinator opens a service session for one assignment of the volunteer. */
export class OpenServiceSessionDto {
  @ApiProperty({ description: 'The assignment served in this session' }) @IsId() assignmentId!: string;
  @ApiPropertyOptional({ description: 'Caller-chosen id (the same id opens once); generated when omitted' })
  @Optional() @IsId()
  sessionId?: string;
}

export class ServiceSessionParams {
  @ApiProperty() @IsId() volunteerId!: string;
  @ApiProperty() @IsId() sessionId!: string;
}

/** The code as the volunteer's app scanned it from the coordinator's QR image. */
export class SessionCodeDto {
  @ApiProperty({ description: 'The scanned session code (signed by the service, valid SESSION_CODE_TTL_SECONDS)' })
  @IsString() @MinLength(1) @MaxLength(1024)
  code!: string;
}

export class SessionCodeQueryDto {
  @ApiPropertyOptional({ enum: SESSION_CODE_FORMATS, default: 'png', description: 'png or svg: the QR image; json: the code as text' })
  @Optional() @IsIn(SESSION_CODE_FORMATS)
  format?: (typeof SESSION_CODE_FORMATS)[number];
}

export class SessionCodeResponseDto {
  @ApiProperty({ description: 'The code the QR image encodes' }) code!: string;
  @ApiProperty({ description: 'ISO instant after which check-in and check-out refuse it (SESSION_CODE_EXPIRED)' }) expiresAt!: string;
}

export class ServiceSessionOpenedResponseDto extends CommandResponseDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'A first code for the session; fetch a fresh one (and its QR image) from GET …/sessions/{sessionId}/code' })
  code!: string;
  @ApiProperty() expiresAt!: string;
}
