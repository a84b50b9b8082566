import { Module } from '@nestjs/common';
import { MatchingModule } from '../features/matching/matching.module.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [MatchingModule], controllers: [HealthController] })
export class HealthModule {}
