import { Module } from '@nestjs/common';
import { PersonsController } from './persons.controller.js';
import { ServiceSessionController } from './service-session.controller.js';
import { VolunteerCommandsController } from './volunteer.controller.js';
import { VolunteerHoursController } from './volunteer-hours.controller.js';
import { VolunteerQueriesController } from './volunteer-queries.controller.js';

/** Volunteers, and the erasure of any person's data (volunteers are most of the people the vault holds). */
@Module({
  controllers: [VolunteerCommandsController, VolunteerQueriesController, PersonsController, ServiceSessionController, VolunteerHoursController],
})
export class VolunteerModule {}
