import { Module } from '@nestjs/common';
import { ListExportController } from './list-export.controller.js';

@Module({
  controllers: [ListExportController],
})
export class SpreadsheetsModule {}
