import type { Decider } from '../shared/decider.js';
import { invalid, notFound } from '../shared/domain-error.js';
import { AREA_LEVELS, type Area } from '../shared/values.js';
import type { PersonCommand } from './person.commands.js';
import type { PersonEvent } from './person.events.js';

/**
 * A person as the vault knows it, by pseudonymous reference (stream `person-<personRef>`): only its
 * erasure is a fact here. The name and contact stay in the vault, never in the log.
 */
export type PersonState = { readonly status: 'known' } | { readonly status: 'erased'; readonly erasedAt: string };

/** The narrowest area holding every one of `areas`: each level while they all agree, then '' (unknown). */
export const commonAreaOf = (areas: readonly Area[]): Area => {
  const common: Record<keyof Area, string> = { city: '', district: '', street: '', community: '' };
  for (const level of AREA_LEVELS) {
    const codes = new Set(areas.map((area) => area[level]));
    const [code] = codes;
    if (areas.length === 0 || codes.size !== 1 || !code) break;
    common[level] = code;
  }
  return common;
};

export const personDecider: Decider<PersonState, PersonCommand, PersonEvent> = {
  streamPrefix: 'person',
  initialState: () => ({ status: 'known' }),

  decide(command, state, context) {
    switch (command.type) {
      case 'ErasePersonalData': {
        const { personRef, records } = command.data;
        if (!Array.isArray(records)) throw invalid('PERSON_RECORDS_INVALID', 'The records naming the person are a list');
        // Erasing again is harmless and records nothing: the key is already gone.
        if (state.status === 'erased') return [];
        // With no record, no area to check the eraser's against: the decision fails closed.
        if (records.length === 0) throw notFound('PERSON_NOT_FOUND', 'No record names this person', { personRef });
        return [
          {
            type: 'PersonalDataErased',
            data: {
              personRef,
              records: records.map(({ kind, id }) => ({ kind, id })),
              area: commonAreaOf(records.map((record) => record.area)),
              erasedAt: context.now.toISOString(),
            },
          },
        ];
      }
      default: {
        const unknownCommand: never = command.type;
        throw invalid('UNKNOWN_COMMAND', `Unknown person command ${String(unknownCommand)}`);
      }
    }
  },

  evolve(_state, event) {
    return event.type === 'PersonalDataErased' ? { status: 'erased', erasedAt: event.data.erasedAt } : _state;
  },
};
