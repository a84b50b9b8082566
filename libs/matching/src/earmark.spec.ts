import { describe, expect, it } from '@jest/globals';
import { earmarkAllows, earmarkAllowsProject } from './earmark.js';
import { place } from './testing/matching-fixtures.js';

const need = { category: 'elderly_care' as const, area: place('D1', 'S1', 'C1') };

describe('rule 12: earmarkAllows', () => {
  it.each([
    ['no earmark', undefined, true],
    ['the same category', { category: 'elderly_care' as const }, true],
    ['another category', { category: 'child_welfare' as const }, false],
    ['the need’s district', { district: 'D1' }, true],
    ['another district', { district: 'D2' }, false],
    ['the need’s street', { street: 'D1S1' }, true],
    ['another street', { street: 'D1S2' }, false],
    ['the need’s community', { community: 'D1S1C1' }, true],
    ['another community of the same street', { community: 'D1S1C2' }, false],
    ['the right area but another category', { category: 'health' as const, street: 'D1S1' }, false],
    ['the right category and area', { category: 'elderly_care' as const, district: 'D1', street: 'D1S1' }, true],
  ])('a donation earmarked for %s', (_, earmark, allowed) => {
    expect(earmarkAllows(earmark, need)).toBe(allowed);
  });
});

describe('earmarkAllowsProject', () => {
  it('needs one of the project’s categories and the project’s whole area inside the earmark', () => {
    const streetProject = { categories: ['elderly_care', 'health'] as const, area: { district: 'D1', street: 'D1S1' } };
    expect(earmarkAllowsProject({ category: 'health' }, { ...streetProject, categories: [...streetProject.categories] })).toBe(true);
    expect(earmarkAllowsProject({ category: 'education' }, { ...streetProject, categories: [...streetProject.categories] })).toBe(false);
    expect(earmarkAllowsProject({ district: 'D1' }, { ...streetProject, categories: [...streetProject.categories] })).toBe(true);
    // A district-wide project is not inside a one-street earmark: the money could leave the street.
    expect(earmarkAllowsProject({ street: 'D1S1' }, { categories: ['elderly_care'], area: { district: 'D1' } })).toBe(false);
  });
});
