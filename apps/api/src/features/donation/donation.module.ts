import { Module } from '@nestjs/common';
import { DonationCommandsController } from './donation.controller.js';
import { DonationQueriesController } from './donation-queries.controller.js';

@Module({
  controllers: [DonationCommandsController, DonationQueriesController],
})
export class DonationModule {}
