import { Module } from '@nestjs/common';
import { HandleNeedCommandHandler } from './handle-need.command.js';
import { NeedCommandsController } from './need.controller.js';
import { NeedQueriesController } from './need-queries.controller.js';

@Module({
  controllers: [NeedCommandsController, NeedQueriesController],
  providers: [HandleNeedCommandHandler],
})
export class NeedModule {}
