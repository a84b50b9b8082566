import { Module } from '@nestjs/common';
import { IndicatorsController } from './indicators.controller.js';

@Module({
  controllers: [IndicatorsController],
})
export class IndicatorsModule {}
