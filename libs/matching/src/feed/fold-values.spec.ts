import { describe, expect, it } from '@jest/globals';
import { checkpointOf, restoreFeed } from './matching-checkpoint.js';
import { Interner } from './fold-values.js';
import { feedOf, needListed } from './testing/feed-events.js';

/** Parsed events carry copies of every value, as JSON.parse gives them: what the interner must undo. */
const parsed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('folds share what they repeat', () => {
  it('answers one frozen copy per distinct area, list and string, and keeps absent and empty parts apart', () => {
    const intern = new Interner();
    const area = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'huli' };
    const shared = intern.place(parsed(area));
    expect(intern.place(parsed(area))).toBe(shared);
    expect(shared).toEqual(area);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(intern.place({ district: 'huli', street: undefined })).not.toBe(intern.place({ district: 'huli', street: '' }));
    expect(intern.list(parsed(['cooking', 'driving']))).toBe(intern.list(parsed(['cooking', 'driving'])));
    expect(intern.list(['a', 'b'])).not.toBe(intern.list(['a', 'b', '']));
  });

  it('gives needs of one community one area and one skill list, folded or restored from a checkpoint', () => {
    const events = ['n-1', 'n-2'].map((needId) => parsed(needListed(needId, { requiredSkills: ['cooking'] })));
    const { needs } = feedOf(events).folds;
    expect(needs.get('n-1')!.area).toBe(needs.get('n-2')!.area);
    expect(needs.get('n-1')!.requiredSkills).toBe(needs.get('n-2')!.requiredSkills);
    const { feed, steps } = restoreFeed(parsed(checkpointOf(feedOf(events))));
    for (const _ of steps);
    const restored = feed.folds.needs;
    expect(restored.get('n-1')!.area).toBe(restored.get('n-2')!.area);
    expect(restored.get('n-1')!.category).toBe('elderly_care');
  });
});
