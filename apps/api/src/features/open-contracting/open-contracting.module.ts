import { Module } from '@nestjs/common';
import { OpenContractingController } from './open-contracting.controller.js';

@Module({
  controllers: [OpenContractingController],
})
export class OpenContractingModule {}
