import { Module } from '@nestjs/common';
import { OrganisationCommandsController } from './organisation.controller.js';
import { OrganisationQueriesController } from './organisation-queries.controller.js';

@Module({
  controllers: [OrganisationCommandsController, OrganisationQueriesController],
})
export class OrganisationModule {}
