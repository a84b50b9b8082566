import type { CommunityEvent, CommunityPopulationUpdatedData, CommunityRegisteredData } from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, enumOf, id, integer, object } from './json-schema.js';

/** The community's name is left out like every other text: consumers place facts by code. */
export const communityContract = {
  CommunityRegistered: published(
    'community',
    'registered',
    'A community (社区) or village (村) joined the platform, with its head count',
    object({
      communityId: id(),
      area: area('The community and the street, district and city it belongs to'),
      kind: enumOf(['urban', 'rural'], 'Urban community or rural village: the indicator targets differ'),
      residents: integer(0),
      households: integer(0),
    }),
    (data: CommunityRegisteredData) => ({
      communityId: data.communityId,
      area: { ...data.area },
      kind: data.kind,
      residents: data.residents,
      households: data.households,
    }),
  ),
  CommunityPopulationUpdated: published(
    'community',
    'population-updated',
    "A community's head count changed",
    object({
      communityId: id(),
      area: area(),
      residents: integer(0),
      households: integer(0),
      previousResidents: integer(0),
      previousHouseholds: integer(0),
    }),
    (data: CommunityPopulationUpdatedData) => ({
      communityId: data.communityId,
      area: { ...data.area },
      residents: data.residents,
      households: data.households,
      previousResidents: data.previousResidents,
      previousHouseholds: data.previousHouseholds,
    }),
  ),
} as const satisfies Record<CommunityEvent['type'], ContractDecision>;
