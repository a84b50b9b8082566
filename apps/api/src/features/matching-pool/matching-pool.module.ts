import { Module } from '@nestjs/common';
import { MatchingPoolController } from './matching-pool.controller.js';

@Module({ controllers: [MatchingPoolController] })
export class MatchingPoolModule {}
