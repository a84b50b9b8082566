import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from './validators.js';

/**
 * A natural person's identifying data. It goes to the encrypted vault under a pseudonymous
 * reference; events only ever carry the reference, so erasing the person's key erases the data.
 */
export class PersonalDataDto {
  @ApiPropertyOptional({ example: '王阿姨' }) @Optional() @IsString() @MaxLength(64) name?: string;
  @ApiPropertyOptional({ example: '13800000000' }) @Optional() @Matches(/^[0-9+\- ]{5,20}$/) phone?: string;
  @ApiPropertyOptional({ description: '居民身份证号' }) @Optional() @Matches(/^[0-9]{17}[0-9Xx]$/) idNumber?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) address?: string;
}
