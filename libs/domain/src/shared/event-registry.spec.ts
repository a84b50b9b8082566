import { describe, expect, it } from '@jest/globals';
import { EventRegistry, UnknownEventTypeError, UnknownSchemaVersionError } from './event-registry.js';

describe('EventRegistry', () => {
  // A v1 NeedListed had one free-text `place`; v2 split it into `street` and `community`.
  const registry = new EventRegistry(
    [{ NeedListed: 3, NeedFulfilled: 1 }],
    [
      { type: 'NeedListed', from: 1, upcast: ({ place, ...rest }) => ({ ...rest, street: String(place).split('/')[0], community: String(place).split('/')[1] }) },
      { type: 'NeedListed', from: 2, upcast: (data) => ({ ...data, urgency: data.urgency ?? 'medium' }) },
    ],
  );

  it('lifts an old event through every upcaster to the current shape', () => {
    expect(registry.upcast({ type: 'NeedListed', schemaVersion: 1, data: { needId: 'n1', place: 'jiangtou/huli' } })).toEqual({
      type: 'NeedListed',
      data: { needId: 'n1', street: 'jiangtou', community: 'huli', urgency: 'medium' },
    });
  });

  it('leaves a current event as it is', () => {
    expect(registry.upcast({ type: 'NeedFulfilled', schemaVersion: 1, data: { needId: 'n1' } }).data).toEqual({ needId: 'n1' });
  });

  it('writes the current schema version and refuses unknown types', () => {
    expect(registry.schemaVersionOf('NeedListed')).toBe(3);
    expect(() => registry.schemaVersionOf('NeedVanished')).toThrow(UnknownEventTypeError);
  });

  // A newer writer (a rollback, a second deployment) stored a shape this code cannot know: reading it as current would misread it.
  it('refuses an event of a schemaVersion newer than the code knows, like an unknown type', () => {
    const read = () => registry.upcast({ type: 'NeedFulfilled', schemaVersion: 9, data: { needId: 'n1' } });
    expect(read).toThrow(UnknownSchemaVersionError);
    expect(read).toThrow('NeedFulfilled v9 is newer than this code knows (v1)');
    expect(() => registry.upcast({ type: 'NeedFulfilled', schemaVersion: 0, data: {} })).toThrow(UnknownSchemaVersionError);
  });

  it('refuses a registry where an old version has no upcaster', () => {
    expect(() => new EventRegistry([{ ProjectDesigned: 2 }])).toThrow('Missing upcaster for ProjectDesigned v1 -> v2');
  });
});
