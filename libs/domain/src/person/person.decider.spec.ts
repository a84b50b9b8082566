import { describe, expect, it } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { PersonCommand } from './person.commands.js';
import type { PersonEvent } from './person.events.js';
import { commonAreaOf, personDecider } from './person.decider.js';

/** 个人信息删除 as a fact (issue 10): who erased whom by reference, when, under which area. */
const spec = DeciderSpecification.for(personDecider);
const personRef = 'vault:person:7';
const zhonghua = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };
const zhonghua2 = { ...zhonghua, community: 'zhonghua-2' };
const huli = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'jiangtou-1' };
const erase = (records: { kind: 'volunteer' | 'need' | 'donation' | 'socialWorker'; id: string; area: typeof zhonghua }[]): PersonCommand => ({
  type: 'ErasePersonalData',
  data: { personRef, records },
});
const erased: PersonEvent = {
  type: 'PersonalDataErased',
  data: {
    personRef, records: [{ kind: 'volunteer', id: 'vol-1' }, { kind: 'need', id: 'need-1' }], area: { ...zhonghua, community: '' }, erasedAt: '2026-03-01T08:00:00.000Z',
  },
};

describe('person decider: erasure of personal data', () => {
  it('records the erasure with the records naming the person and the narrowest area holding them, and nothing personal', () => {
    spec.given([]).when(erase([{ kind: 'volunteer', id: 'vol-1', area: zhonghua }, { kind: 'need', id: 'need-1', area: zhonghua2 }])).then([erased]);
  });

  it('erasing again records nothing; a reference no record names is refused', () => {
    spec.given([erased]).when(erase([{ kind: 'volunteer', id: 'vol-1', area: zhonghua }])).then([]);
    spec.given([erased]).when(erase([])).then([]);
    spec.given([]).when(erase([])).thenThrows('PERSON_NOT_FOUND', { personRef });
  });

  it('the common area keeps each level while all records agree, then is unknown', () => {
    expect(commonAreaOf([zhonghua, zhonghua])).toEqual(zhonghua);
    expect(commonAreaOf([zhonghua, huli])).toEqual({ city: 'xiamen', district: '', street: '', community: '' });
    // A level that skips (a district-wide record) stops the common area there.
    expect(commonAreaOf([zhonghua, { ...zhonghua, street: '', community: '' }])).toEqual({ city: 'xiamen', district: 'siming', street: '', community: '' });
    expect(commonAreaOf([])).toEqual({ city: '', district: '', street: '', community: '' });
  });
});
