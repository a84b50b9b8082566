import { describe, it } from '@jest/globals';
import { DeciderSpecification, DEFAULT_TEST_NOW } from '../testing/decider-spec.js';
import { elderDecider } from './elder.decider.js';
import type { ElderInDifficultyRegistered, ElderInDifficultyRemoved, HomeVisitRecorded } from './elder.events.js';

const spec = DeciderSpecification.for(elderDecider);
const AREA = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };
const NOW = DEFAULT_TEST_NOW.toISOString(); // 2026-03-01 16:00 Beijing

const registered: ElderInDifficultyRegistered = {
  type: 'ElderInDifficultyRegistered',
  data: { elderId: 'elder-1', communityId: 'zhonghua-1', area: AREA, beneficiaryRef: 'person-1', circumstances: ['living_alone', 'advanced_age'], registeredAt: NOW },
};
const visit = {
  type: 'RecordHomeVisit' as const,
  data: { visitId: 'visit-1', visitedOn: '2026-03-01', visitor: { kind: 'social_worker' as const, ref: 'sw-1' }, outcome: 'well' as const },
};
const visited: HomeVisitRecorded = {
  type: 'HomeVisitRecorded',
  data: { elderId: 'elder-1', visitId: 'visit-1', communityId: 'zhonghua-1', area: AREA, beneficiaryRef: 'person-1', visitedOn: '2026-03-01', visitor: { kind: 'social_worker', ref: 'sw-1' }, outcome: 'well', recordedAt: NOW },
};
const removed: ElderInDifficultyRemoved = {
  type: 'ElderInDifficultyRemoved',
  data: { elderId: 'elder-1', communityId: 'zhonghua-1', area: AREA, reason: 'moved_away', removedAt: NOW },
};

describe('elder decider (特殊困难老年人 and their home visits, seed 003 column 3)', () => {
  const register = {
    type: 'RegisterElderInDifficulty' as const,
    data: {
      elderId: 'elder-1',
      community: { communityId: 'zhonghua-1', name: '中华社区', area: AREA, kind: 'urban' as const, residents: 9000 },
      beneficiaryRef: 'person-1',
      circumstances: ['living_alone', 'advanced_age', 'living_alone'] as const,
    },
  };

  it('puts a person on the register under a pseudonymous reference, in the community, circumstances once each', () => {
    spec.given([]).when({ ...register, data: { ...register.data, circumstances: [...register.data.circumstances] } }).then([registered]);
  });

  it('refuses a second registration, no circumstance, or one it does not know', () => {
    spec.given([registered]).when({ ...register, data: { ...register.data, circumstances: ['living_alone'] } }).thenThrows('ELDER_ALREADY_REGISTERED');
    spec.given([]).when({ ...register, data: { ...register.data, circumstances: [] } }).thenThrows('ELDER_CIRCUMSTANCES_REQUIRED');
    spec.given([]).when({ ...register, data: { ...register.data, circumstances: ['rich' as never] } }).thenThrows('ELDER_CIRCUMSTANCE_UNKNOWN');
  });

  it('records a home visit with its Beijing date, visitor and outcome', () => {
    spec.given([registered]).when(visit).then([visited]);
  });

  it('records the same visit once: a retried import or a double tap records nothing', () => {
    spec.given([registered, visited]).when(visit).then([]);
  });

  it('refuses a visit to nobody on the register, a day still to come, an unknown visitor or outcome', () => {
    spec.given([]).when(visit).thenThrows('ELDER_NOT_FOUND');
    spec.given([registered]).when({ ...visit, data: { ...visit.data, visitedOn: '2026-03-02' } }).thenThrows('HOME_VISIT_IN_FUTURE');
    spec.given([registered]).when({ ...visit, data: { ...visit.data, visitedOn: '2026-02-30' } }).thenThrows('HOME_VISIT_DATE_INVALID');
    spec.given([registered]).when({ ...visit, data: { ...visit.data, visitor: { kind: 'neighbour' as never, ref: 'x' } } }).thenThrows('HOME_VISITOR_KIND_UNKNOWN');
    spec.given([registered]).when({ ...visit, data: { ...visit.data, visitor: null as never } }).thenThrows('HOME_VISITOR_REQUIRED');
    spec.given([registered]).when({ ...visit, data: { ...visit.data, outcome: 'fine' as never } }).thenThrows('HOME_VISIT_OUTCOME_UNKNOWN');
  });

  it('takes a person off the register with a reason; no visit is recorded after, nor a second removal', () => {
    spec.given([registered]).when({ type: 'RemoveElderInDifficulty', data: { reason: 'moved_away' } }).then([removed]);
    spec.given([registered, removed]).when({ ...visit, data: { ...visit.data, visitId: 'visit-2' } }).thenThrows('ELDER_NOT_ON_REGISTER');
    spec.given([registered, removed]).when({ type: 'RemoveElderInDifficulty', data: { reason: 'deceased' } }).thenThrows('ELDER_ALREADY_REMOVED');
    spec.given([registered]).when({ type: 'RemoveElderInDifficulty', data: { reason: 'bored' as never } }).thenThrows('ELDER_REMOVAL_REASON_UNKNOWN');
  });
});
