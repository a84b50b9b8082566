import { describe, expect, it } from '@jest/globals';
import type { PersonCommand } from '#domain';
import { personCommands } from '../commands/person.commands.js';
import { authorityGuard } from './authority.js';

/**
 * Erasure names the records the service found naming a person. An office that may read none of them is
 * told what a reference nothing names is told (404 PERSON_NOT_FOUND); one that reads some of them knows
 * the person, and is told that others lie outside its area (403 OUTSIDE_YOUR_AREA).
 */
describe('records named by the service, not the caller (person erasure)', () => {
  const east = { city: 'xiamen', district: 'siming', street: 'east', community: 'east-1' };
  const west = { city: 'xiamen', district: 'siming', street: 'west', community: 'west-1' };
  const erase = (areas: readonly (typeof east)[]): PersonCommand => ({
    type: 'ErasePersonalData',
    data: { personRef: 'ref-1', records: areas.map((area, index) => ({ kind: 'volunteer', id: `v-${index}`, area })) },
  });
  const ask = (areas: readonly (typeof east)[], area: Record<string, string>) => () =>
    authorityGuard(personCommands.authority, erase(areas), personCommands.decider as never)(
      personCommands.decider.initialState(), [], { now: new Date('2026-11-20T00:00:00Z'), actor: { id: 'office', role: 'civil_affairs_bureau', area } as never },
    );

  it('an office that reads none of the records: as for an unknown person', () => {
    expect(ask([east], { city: 'xiamen', district: 'siming', street: 'west' })).toThrow(expect.objectContaining({ code: 'PERSON_NOT_FOUND', kind: 'not_found' }));
    expect(ask([east, west], { city: 'fuzhou' })).toThrow(expect.objectContaining({ code: 'PERSON_NOT_FOUND' }));
  });

  it('an office that reads one of them: 403 OUTSIDE_YOUR_AREA; the district that holds both: allowed', () => {
    expect(ask([east, west], { city: 'xiamen', district: 'siming', street: 'west' })).toThrow(expect.objectContaining({ code: 'OUTSIDE_YOUR_AREA' }));
    expect(ask([east, west], { city: 'xiamen', district: 'siming' })).not.toThrow();
  });
});
