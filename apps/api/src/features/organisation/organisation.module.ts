import { Module } from '@nestjs/common';
import { HandleOrganisationCommandHandler } from './handle-organisation.command.js';
import { OrganisationCommandsController } from './organisation.controller.js';
import { OrganisationQueriesController } from './organisation-queries.controller.js';

@Module({
  controllers: [OrganisationCommandsController, OrganisationQueriesController],
  providers: [HandleOrganisationCommandHandler],
})
export class OrganisationModule {}
