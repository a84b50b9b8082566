import { Module } from '@nestjs/common';
import { GrantRoundController } from './grant-round.controller.js';

@Module({ controllers: [GrantRoundController] })
export class GrantRoundModule {}
