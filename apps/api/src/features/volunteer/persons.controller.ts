import { Controller, Delete, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { checkErasure, PersonalDataStep } from '#application';
import type { EventStore } from '#event-store';
import { ReadModelQueries } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
import { PersonRefParams } from './volunteer.dto.js';

/**
 * 个人信息删除: crypto-shredding. The person's key and data are destroyed in the vault; the events
 * that name the person by reference stay, and from now on resolve to nobody.
 */
@ApiTags('persons 个人信息')
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly personalData: PersonalDataStep,
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  @Delete(':personRef') @HttpCode(204)
  @ApiNoContentResponse({ description: 'Erased (repeating it is harmless)' })
  @ApiForbiddenResponse({
    description: 'ROLE_NOT_PERMITTED: only civil_affairs_bureau erases personal data; OUTSIDE_YOUR_AREA: a record naming the person (volunteer, social worker, need, donation, elder on a register) lies outside the token\'s area',
  })
  @ApiNotFoundResponse({ description: 'PERSON_NOT_FOUND: no record names this reference' })
  async erase(@Param() { personRef }: PersonRefParams, @Req() request: FastifyRequest): Promise<void> {
    // Every record stored so far is in the lists before the area is read from them.
    await this.consistency.atLeast(await this.eventStore.headPosition());
    const records = await this.queries.recordsNamingPerson(personRef);
    checkErasure(authenticatedActor(request)!, personRef, records);
    await this.personalData.erase(personRef);
  }
}
