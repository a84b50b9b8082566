import { Module } from '@nestjs/common';
import { ImportController } from './import/import.controller.js';
import { ListExportController } from './list-export.controller.js';

@Module({
  controllers: [ListExportController, ImportController],
})
export class SpreadsheetsModule {}
