import { ABOVE_COMMUNITY, requireArea, requireText } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import type { CommunityFacts } from '../shared/facts.js';
import type { Area } from '../shared/values.js';
import type { CommunityCommand } from './community.commands.js';
import type { CommunityEvent, CommunityKind } from './community.events.js';

export interface RegisteredCommunity {
  readonly status: 'registered';
  readonly communityId: string;
  readonly name: string;
  readonly area: Area;
  readonly kind: CommunityKind;
  readonly residents: number;
  readonly households: number;
}

const COMMUNITY_KINDS: readonly CommunityKind[] = ['urban', 'rural'];

export type CommunityState = { readonly status: 'absent' } | RegisteredCommunity;

const requireCommunity = (state: CommunityState, communityId: string): RegisteredCommunity => {
  if (state.status === 'absent') {
    throw notFound('COMMUNITY_NOT_FOUND', `Community ${communityId} is not registered`, { communityId });
  }
  return state;
};

// Indicators divide by residents: a negative or fractional head count would poison every ratio.
const assertPopulation = (residents: number, households: number): void => {
  if (!Number.isInteger(residents) || !Number.isInteger(households) || residents < 0 || households < 0) {
    throw invalid('COMMUNITY_POPULATION_INVALID', 'Residents and households must be whole numbers >= 0', { residents, households });
  }
  if (households > residents) {
    throw invalid('COMMUNITY_POPULATION_INVALID', 'A community cannot have more households than residents', { residents, households });
  }
};

export const communityDecider: Decider<CommunityState, CommunityCommand, CommunityEvent> = {
  streamPrefix: 'community',
  initialState: () => ({ status: 'absent' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterCommunity': {
        const { communityId, kind, residents, households } = command.data;
        if (state.status !== 'absent') {
          throw conflict('COMMUNITY_ALREADY_EXISTS', `Community ${communityId} is already registered`, { communityId });
        }
        const name = requireText('COMMUNITY_NAME_REQUIRED', command.data.name, 'A community name');
        // Every list and indicator files facts under these levels: all three must be there.
        const area = requireArea('AREA_INVALID', command.data.area, ABOVE_COMMUNITY);
        if (!COMMUNITY_KINDS.includes(kind)) throw invalid('COMMUNITY_KIND_UNKNOWN', `A community is urban or rural, not ${String(kind)}`, { kind });
        assertPopulation(residents, households);
        return [
          {
            type: 'CommunityRegistered',
            data: {
              communityId,
              name,
              area: { ...area, community: communityId },
              kind,
              residents,
              households,
            },
          },
        ];
      }
      case 'UpdateCommunityPopulation': {
        const community = requireCommunity(state, command.data.communityId);
        const { residents, households } = command.data;
        assertPopulation(residents, households);
        if (residents === community.residents && households === community.households) return [];
        return [
          {
            type: 'CommunityPopulationUpdated',
            data: {
              communityId: community.communityId,
              area: community.area,
              residents,
              households,
              previousResidents: community.residents,
              previousHouseholds: community.households,
            },
          },
        ];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown community command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CommunityRegistered':
        return { status: 'registered', ...event.data };
      case 'CommunityPopulationUpdated':
        if (state.status === 'absent') return state;
        return { ...state, residents: event.data.residents, households: event.data.households };
      default:
        return state;
    }
  },
};

/** What other aggregates may rely on; the handler calls it only for a community that exists. */
export function toCommunityFacts(state: CommunityState): CommunityFacts {
  if (state.status === 'absent') throw notFound('COMMUNITY_NOT_FOUND', 'Community is not registered');
  return {
    communityId: state.communityId,
    name: state.name,
    area: state.area,
    kind: state.kind,
    residents: state.residents,
  };
}
