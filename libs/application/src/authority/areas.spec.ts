import { describe, expect, it } from '@jest/globals';
import { areaCovers, areasOverlap } from './authority.js';

/** areaCovers decides every area check of who may do what and who may see what: it must fail closed. */
describe('areaCovers', () => {
  it('covers an area that names every level the scope names, with the same codes', () => {
    expect(areaCovers({ city: 'xiamen' }, { city: 'xiamen', district: 'siming' })).toBe(true);
    expect(areaCovers({ city: 'xiamen', district: 'siming' }, { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'z-1' })).toBe(true);
  });

  it('fails closed on a partial area: a district code alone is not inside a city', () => {
    expect(areaCovers({ city: 'fuzhou' }, { district: 'siming' })).toBe(false);
    expect(areaCovers({ city: 'xiamen', district: 'siming' }, { district: 'siming' })).toBe(false);
    expect(areaCovers({ city: 'xiamen' }, { city: null, district: 'siming' })).toBe(false);
    expect(areaCovers({ city: 'xiamen' }, { city: '', district: 'siming' })).toBe(false);
  });

  it('does not cover an area broader than the scope, or another one', () => {
    expect(areaCovers({ city: 'xiamen', district: 'siming', street: 'zhonghua' }, { city: 'xiamen', district: 'siming' })).toBe(false);
    expect(areaCovers({ city: 'xiamen', district: 'siming' }, { city: 'xiamen', district: 'huli' })).toBe(false);
  });

  it('areasOverlap: one lies inside the other where both name a level', () => {
    expect(areasOverlap({ city: 'xiamen', district: 'siming', street: 'zhonghua' }, { city: 'xiamen', district: 'siming' })).toBe(true);
    expect(areasOverlap({ city: 'xiamen', district: 'siming', street: 'zhonghua' }, { city: 'xiamen', district: 'huli' })).toBe(false);
  });
});
