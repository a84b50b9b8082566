import { describe, expect, it } from '@jest/globals';
import { AppendOnlyLog } from './append-only-log.js';

describe('AppendOnlyLog', () => {
  it('appends without changing the log it came from', () => {
    const empty = AppendOnlyLog.empty<string>();
    const one = empty.append('a');
    const two = one.append('b');
    expect(empty.toArray()).toEqual([]);
    expect(one.toArray()).toEqual(['a']);
    expect(two.toArray()).toEqual(['a', 'b']);
    expect(one.some((item) => item === 'b')).toBe(false);
  });

  it('keeps branches apart when an older log is appended to again', () => {
    const base = AppendOnlyLog.empty<string>().append('a');
    const left = base.append('left');
    const right = base.append('right');
    expect(left.toArray()).toEqual(['a', 'left']);
    expect(right.toArray()).toEqual(['a', 'right']);
    expect(left.append('more').toArray()).toEqual(['a', 'left', 'more']);
    expect(right.some((item) => item === 'left')).toBe(false);
  });

  it('visits items in order', () => {
    const seen: number[] = [];
    AppendOnlyLog.empty<number>().append(1).append(2).append(3).forEach((item) => seen.push(item));
    expect(seen).toEqual([1, 2, 3]);
  });
});
