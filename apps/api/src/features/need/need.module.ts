import { Module } from '@nestjs/common';
import { NeedCommandsController } from './need.controller.js';
import { NeedQueriesController } from './need-queries.controller.js';

@Module({
  controllers: [NeedCommandsController, NeedQueriesController],
})
export class NeedModule {}
