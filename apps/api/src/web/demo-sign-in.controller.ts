import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { resolve } from 'node:path';
import { parseAreaPath } from '#application';
import { authAudience, authIssuer, embeddedSigningKey, mintToken, type SigningKey, type WusheConfig } from '#platform';
import { HttpApiError } from '../http/api-error.js';
import { WUSHE_CONFIG } from '../infrastructure/tokens.js';
import { DEMO_USERS } from './demo-users.js';

/** How long a demo sign-in lasts: a working day. */
const DEMO_TOKEN_TTL_SECONDS = 8 * 3600;

export class DemoSignInDto {
  @ApiProperty({ example: 'committee-zhonghua-zhonghua', description: 'One of GET /auth/demo-users' })
  @IsString() @MaxLength(64) @Matches(/^[a-z0-9-]+$/)
  name!: string;
}

export class DemoSignInResponseDto {
  @ApiProperty({ description: 'Bearer token (JWT, EdDSA) of the embedded issuer' }) token!: string;
  @ApiProperty({ description: 'Seconds until it expires' }) expiresIn!: number;
}

/**
 * 演示登录: in the embedded mode only (the module is not loaded under AUTH_MODE=oidc, so the route answers
 * 404 there), a person at the console signs in as one of the demo district's users and gets a token of the
 * embedded issuer, the same as `npm run -s token` would print. Production signs in with its OIDC provider.
 */
@ApiTags('auth 登录')
@Controller('auth')
export class DemoSignInController {
  private readonly key: SigningKey;

  constructor(@Inject(WUSHE_CONFIG) private readonly config: WusheConfig) {
    this.key = embeddedSigningKey(resolve(config.DATA_DIR));
  }

  @Get('demo-users')
  @ApiOperation({ summary: 'The demo users one may sign in as (embedded mode only; 404 otherwise)' })
  @ApiOkResponse({ description: '[{name, label, role, area}]' })
  users() {
    return DEMO_USERS;
  }

  @Post('demo-sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as a demo user (embedded mode only; 404 otherwise): answers a bearer token for 8 hours' })
  @ApiOkResponse({ type: DemoSignInResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'DEMO_USER_UNKNOWN: no demo user has that name' })
  signIn(@Body() { name }: DemoSignInDto): DemoSignInResponseDto {
    const user = DEMO_USERS.find((candidate) => candidate.name === name);
    if (!user) throw new HttpApiError(422, 'DEMO_USER_UNKNOWN', `No demo user is named ${name}`, { name });
    const token = mintToken(this.key, {
      actor: { id: user.name, role: user.role, area: parseAreaPath(user.area) },
      issuer: authIssuer(this.config),
      audience: authAudience(this.config),
      ttlSeconds: DEMO_TOKEN_TTL_SECONDS,
    });
    return { token, expiresIn: DEMO_TOKEN_TTL_SECONDS };
  }
}
