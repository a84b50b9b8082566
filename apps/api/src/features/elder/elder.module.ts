import { Module } from '@nestjs/common';
import { ElderCommandsController } from './elder.controller.js';

@Module({
  controllers: [ElderCommandsController],
})
export class ElderModule {}
