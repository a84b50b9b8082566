import type { DomainEvent } from '../shared/decider.js';
import type { Area } from '../shared/values.js';

export type CommunityKind = 'urban' | 'rural';

/** A community (社区) or village (村) joins the platform; the area's community code is its id. */
export interface CommunityRegisteredData {
  readonly communityId: string;
  readonly name: string;
  readonly area: Area;
  /** Indicators differ: >= 10 social organisations per urban community, >= 5 per rural one. */
  readonly kind: CommunityKind;
  readonly residents: number;
  readonly households: number;
}

/** A new head count; the area rides along so per-district indicators need no join. */
export interface CommunityPopulationUpdatedData {
  readonly communityId: string;
  readonly area: Area;
  readonly residents: number;
  readonly households: number;
  readonly previousResidents: number;
  readonly previousHouseholds: number;
}

export type CommunityRegistered = DomainEvent<'CommunityRegistered', CommunityRegisteredData>;
export type CommunityPopulationUpdated = DomainEvent<'CommunityPopulationUpdated', CommunityPopulationUpdatedData>;

export type CommunityEvent = CommunityRegistered | CommunityPopulationUpdated;

/** Stored type name -> current schemaVersion. */
export const communityEventTypes = {
  CommunityRegistered: 1,
  CommunityPopulationUpdated: 1,
} as const satisfies Record<CommunityEvent['type'], number>;
