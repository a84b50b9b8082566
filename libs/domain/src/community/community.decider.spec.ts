import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { CommunityRegistered } from './community.events.js';
import { communityDecider, toCommunityFacts } from './community.decider.js';

const spec = DeciderSpecification.for(communityDecider);

const huli: CommunityRegistered = {
  type: 'CommunityRegistered',
  data: {
    communityId: 'xm-huli-jiangtou-taishan',
    name: '泰山社区',
    area: { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'xm-huli-jiangtou-taishan' },
    kind: 'urban',
    residents: 12000,
    households: 4100,
  },
};

describe('community decider', () => {
  describe('RegisterCommunity', () => {
    const register = {
      type: 'RegisterCommunity' as const,
      data: {
        communityId: 'xm-huli-jiangtou-taishan',
        name: '泰山社区',
        area: { city: 'xiamen', district: 'huli', street: 'jiangtou' },
        kind: 'urban' as const,
        residents: 12000,
        households: 4100,
      },
    };

    it('registers a community whose area ends in the community itself', () => {
      spec.given([]).when(register).then([huli]);
    });

    it('refuses to register the same community twice', () => {
      spec.given([huli]).when(register).thenThrows('COMMUNITY_ALREADY_EXISTS');
    });

    it('refuses a negative or fractional head count', () => {
      spec.given([]).when({ ...register, data: { ...register.data, residents: -1 } }).thenThrows('COMMUNITY_POPULATION_INVALID');
      spec.given([]).when({ ...register, data: { ...register.data, households: 10.5 } }).thenThrows('COMMUNITY_POPULATION_INVALID');
    });

    // JSON callers break the declared types; a CommunityRegistered without its levels stops every list.
    it('refuses an area that is an array, missing, or lacks a level', () => {
      const withArea = (area: unknown) => ({ ...register, data: { ...register.data, area: area as typeof register.data.area } });
      spec.given([]).when(withArea([{ city: 'xiamen', district: 'huli', street: 'jiangtou' }])).thenThrows('AREA_INVALID');
      spec.given([]).when(withArea(undefined)).thenThrows('AREA_INVALID');
      spec.given([]).when(withArea({ city: 'xiamen', district: 'huli' })).thenThrows('AREA_INVALID', { missing: ['street'] });
      spec.given([]).when(withArea({ city: ' ', district: 'huli', street: 'jiangtou' })).thenThrows('AREA_INVALID', { missing: ['city'] });
      spec.given([]).when(withArea({ city: 'xiamen', district: 7, street: 'jiangtou' })).thenThrows('AREA_INVALID');
    });

    it('stores only the levels of the area, trimmed', () => {
      spec
        .given([])
        .when({ ...register, data: { ...register.data, area: { city: ' xiamen', district: 'huli ', street: 'jiangtou', extra: 'x' } as never } })
        .then([huli]);
    });

    it('refuses a community without an id or a name', () => {
      spec.given([]).when({ ...register, data: { ...register.data, name: '  ' } }).thenThrows('COMMUNITY_NAME_REQUIRED');
      spec.given([]).when({ ...register, data: { ...register.data, name: undefined as never } }).thenThrows('COMMUNITY_NAME_REQUIRED');
    });

    it('refuses a kind other than urban or rural: indicator targets depend on it', () => {
      spec.given([]).when({ ...register, data: { ...register.data, kind: undefined as never } }).thenThrows('COMMUNITY_KIND_UNKNOWN');
    });

    it('refuses more households than residents', () => {
      spec
        .given([])
        .when({ ...register, data: { ...register.data, residents: 10, households: 11 } })
        .thenThrows('COMMUNITY_POPULATION_INVALID', { residents: 10, households: 11 });
    });
  });

  describe('UpdateCommunityPopulation', () => {
    const update = (residents: number, households: number) => ({
      type: 'UpdateCommunityPopulation' as const,
      data: { communityId: 'xm-huli-jiangtou-taishan', residents, households },
    });

    it('records the new head count with the previous one and the area', () => {
      spec
        .given([huli])
        .when(update(12500, 4300))
        .then([
          {
            type: 'CommunityPopulationUpdated',
            data: {
              communityId: 'xm-huli-jiangtou-taishan',
              area: huli.data.area,
              residents: 12500,
              households: 4300,
              previousResidents: 12000,
              previousHouseholds: 4100,
            },
          },
        ]);
    });

    it('records nothing when the numbers did not change', () => {
      spec.given([huli]).when(update(12000, 4100)).then([]);
    });

    it('refuses an unregistered community', () => {
      spec.given([]).when(update(1, 1)).thenThrows('COMMUNITY_NOT_FOUND');
    });

    it('refuses an invalid head count', () => {
      spec.given([huli]).when(update(5, 6)).thenThrows('COMMUNITY_POPULATION_INVALID');
    });
  });

  describe('toCommunityFacts', () => {
    it('exposes the current population', () => {
      const state = foldEvents(communityDecider, [
        huli,
        {
          type: 'CommunityPopulationUpdated',
          data: { communityId: huli.data.communityId, area: huli.data.area, residents: 13000, households: 4400, previousResidents: 12000, previousHouseholds: 4100 },
        },
      ]);
      expect(toCommunityFacts(state)).toEqual({
        communityId: 'xm-huli-jiangtou-taishan',
        name: '泰山社区',
        area: huli.data.area,
        kind: 'urban',
        residents: 13000,
      });
    });

    it('has no facts for a community that does not exist', () => {
      expect(() => toCommunityFacts(communityDecider.initialState())).toThrow('not registered');
    });
  });
});
