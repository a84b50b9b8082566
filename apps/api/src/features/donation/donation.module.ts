import { Module } from '@nestjs/common';
import { DonationCommandsController } from './donation.controller.js';
import { DonationQueriesController } from './donation-queries.controller.js';
import { DonationTrailController } from './donation-trail.controller.js';

@Module({
  controllers: [DonationCommandsController, DonationQueriesController, DonationTrailController],
})
export class DonationModule {}
