import { Module } from '@nestjs/common';
import { DemoSignInController } from './demo-sign-in.controller.js';

/** POST /auth/demo-sign-in and GET /auth/demo-users; AppModule loads it only with AUTH_MODE=embedded. */
@Module({ controllers: [DemoSignInController] })
export class DemoSignInModule {}
