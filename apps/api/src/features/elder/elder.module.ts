import { Module } from '@nestjs/common';
import { ElderCommandsController } from './elder.controller.js';
import { ElderQueriesController } from './elder-queries.controller.js';

@Module({
  controllers: [ElderCommandsController, ElderQueriesController],
})
export class ElderModule {}
