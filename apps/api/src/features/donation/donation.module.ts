import { Module } from '@nestjs/common';
import { DonationCommandsController } from './donation.controller.js';
import { DonationQueriesController } from './donation-queries.controller.js';
import { HandleDonationCommandHandler } from './handle-donation.command.js';

@Module({
  controllers: [DonationCommandsController, DonationQueriesController],
  providers: [HandleDonationCommandHandler],
})
export class DonationModule {}
