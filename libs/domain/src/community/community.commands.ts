import type { DomainCommand } from '../shared/decider.js';
import type { Area } from '../shared/values.js';
import type { CommunityKind } from './community.events.js';

export interface RegisterCommunityData {
  readonly communityId: string;
  readonly name: string;
  /** City, district and street; the community level of the area is the community itself. */
  readonly area: Omit<Area, 'community'>;
  readonly kind: CommunityKind;
  readonly residents: number;
  readonly households: number;
}

export interface UpdateCommunityPopulationData {
  readonly communityId: string;
  readonly residents: number;
  readonly households: number;
}

export type RegisterCommunity = DomainCommand<'RegisterCommunity', RegisterCommunityData>;
export type UpdateCommunityPopulation = DomainCommand<'UpdateCommunityPopulation', UpdateCommunityPopulationData>;

export type CommunityCommand = RegisterCommunity | UpdateCommunityPopulation;
