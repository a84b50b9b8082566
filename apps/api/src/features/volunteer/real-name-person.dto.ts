import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../http/validators.js';

/**
 * A person who registers under their real name (实名注册: volunteers, social workers). Same fields
 * as PersonalDataDto but the name is required; all of it goes to the vault, never into an event.
 */
export class RealNamePersonDto {
  @ApiProperty({ example: '李明' }) @IsString() @MinLength(1) @MaxLength(64) name!: string;
  @ApiPropertyOptional({ example: '13800000000' }) @Optional() @Matches(/^[0-9+\- ]{5,20}$/) phone?: string;
  @ApiPropertyOptional({ description: '居民身份证号' }) @Optional() @Matches(/^[0-9]{17}[0-9Xx]$/) idNumber?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) address?: string;
}
