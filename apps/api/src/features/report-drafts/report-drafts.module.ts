import { Module } from '@nestjs/common';
import { ReportDraftsController } from './report-drafts.controller.js';

@Module({ controllers: [ReportDraftsController] })
export class ReportDraftsModule {}
