import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AggregateStore } from '#event-store';
import { ReadModelQueries } from '#read-models';
import { commandServiceFor, type Infrastructure } from '#platform';
import { CommandService, FactsLoader, PersonalDataStep } from '#application';
import { RunCommandHandler } from './run-command.js';
import { ReadConsistency } from './read-consistency.js';
import { EVENT_STORE, PERSONAL_DATA_VAULT, WUSHE_CONFIG } from './tokens.js';

/**
 * Hands the adapters opened by the composition root (libs/platform) to Nest. The module owns
 * nothing: whoever opened the infrastructure closes it.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static register(infrastructure: Infrastructure): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: WUSHE_CONFIG, useValue: infrastructure.config },
        { provide: EVENT_STORE, useValue: infrastructure.eventStore },
        { provide: PERSONAL_DATA_VAULT, useValue: infrastructure.vault },
        { provide: AggregateStore, useValue: infrastructure.aggregates },
        { provide: ReadModelQueries, useValue: infrastructure.readModels.queries },
        { provide: 'INFRASTRUCTURE', useValue: infrastructure },
        { provide: FactsLoader, useValue: new FactsLoader(infrastructure.aggregates) },
        { provide: PersonalDataStep, useValue: new PersonalDataStep(infrastructure.vault) },
        { provide: CommandService, useValue: commandServiceFor(infrastructure) },
        ReadConsistency,
        RunCommandHandler,
      ],
      exports: [
        WUSHE_CONFIG, EVENT_STORE, PERSONAL_DATA_VAULT, AggregateStore, ReadModelQueries, 'INFRASTRUCTURE',
        CommandService, FactsLoader, PersonalDataStep, ReadConsistency,
      ],
    };
  }
}
