import { Controller, Delete, HttpCode, Inject, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { PersonalDataStep, personCommands } from '#application';
import type { CommandEnvelope, EventStore } from '#event-store';
import { ReadModelQueries } from '#read-models';
import { Envelope } from '../../http/command-context.js';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { RunCommand } from '../../infrastructure/run-command.js';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
import { PersonRefParams } from './volunteer.dto.js';

/**
 * 个人信息删除: crypto-shredding. The person's key and data are destroyed in the vault; the events
 * that name the person by reference stay, and from now on resolve to nobody. The erasure itself is a
 * fact (PersonalDataErased on `person-<ref>`: who, when, under which area, which records), with no
 * personal data in it.
 */
@ApiTags('persons 个人信息')
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataStep,
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  @Delete(':personRef') @HttpCode(204)
  @ApiNoContentResponse({ description: 'PersonalDataErased recorded and the data shredded (repeating it is harmless and records nothing new); GET /persons/{personRef}/history shows it' })
  @ApiForbiddenResponse({
    description: 'ROLE_NOT_PERMITTED: only civil_affairs_bureau erases personal data; OUTSIDE_YOUR_AREA: some records naming the person (volunteer, social worker, need, donation, elder on a register) lie in the token\'s area and some outside it',
  })
  @ApiNotFoundResponse({ description: 'PERSON_NOT_FOUND: no record names this reference, or none the token\'s area holds (answered exactly alike: the office may read none of them)' })
  async erase(@Param() { personRef }: PersonRefParams, @Envelope() envelope: CommandEnvelope): Promise<void> {
    // Every record stored so far is in the lists before the area is read from them.
    await this.consistency.atLeast(await this.eventStore.headPosition());
    const records = (await this.queries.recordsNamingPerson(personRef)).map(({ kind, id, area }) => ({ kind, id, area }));
    // The fact first, then the shredding: a crash between them leaves a retry that shreds and records nothing twice.
    await this.commands.execute(new RunCommand(personCommands, personRef, { type: 'ErasePersonalData', data: { personRef, records } }, envelope));
    await this.personalData.erase(personRef);
  }
}
