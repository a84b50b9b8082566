import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mergeOcds } from './open-contracting.js';
import { yuan } from './ocds-mapping.js';

describe('OCDS mapping', () => {
  it('writes every fen amount below 10^15 (far above the API\'s MAX_FEN, 10^11) as the exact decimal yuan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (fen) => {
        const cents = fen % 100;
        const decimal = `${(BigInt(fen) / 100n).toString()}${cents === 0 ? '' : `.${String(cents).padStart(2, '0').replace(/0$/, '')}`}`;
        expect(JSON.stringify(yuan(fen).amount)).toBe(decimal);
      }),
      { numRuns: 5000 },
    );
  });

  it('merges releases as OCDS does: objects field by field, arrays of identified objects by id, everything else replaced', () => {
    const merged = mergeOcds(
      { tender: { id: 't', status: 'planning', items: [{ id: '1', description: 'a' }] }, parties: [{ id: 'o', roles: ['tenderer'] }], tag: ['planning'] },
      { tender: { id: 't', status: 'active', items: [{ id: '2', description: 'b' }] }, parties: [{ id: 'o', roles: ['tenderer', 'supplier'], name: 'O' }], tag: ['award'] },
    );
    expect(merged).toEqual({
      tender: { id: 't', status: 'active', items: [{ id: '1', description: 'a' }, { id: '2', description: 'b' }] },
      parties: [{ id: 'o', roles: ['tenderer', 'supplier'], name: 'O' }],
      tag: ['award'],
    });
  });
});
