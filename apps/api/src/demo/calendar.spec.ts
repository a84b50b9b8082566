import { describe, expect, it } from '@jest/globals';
import { Agenda, chinaInstant, historyStart, weekdayOf } from './calendar.js';
import { SimulatedClock } from './demo-clock.js';

describe('the demo calendar', () => {
  it('counts in China-local dates', () => {
    expect(chinaInstant('2026-11-16', 9).toISOString()).toBe('2026-11-16T01:00:00.000Z');
    expect(weekdayOf('2026-11-16')).toBe(1);
    expect(weekdayOf('2026-11-22')).toBe(7);
    expect(historyStart('2026-11-21', 12)).toBe('2026-08-24');
  });

  it('runs tasks in time order on the moving clock, side by side when due together, settling before each new day', async () => {
    const realNow = Date.parse('2026-11-21T12:00:00Z');
    const clock = new SimulatedClock(() => realNow);
    const agenda = new Agenda('2026-11-02');
    const seen: string[] = [];
    const log = (label: string) => async () => {
      seen.push(`${label}@${clock.now().toISOString()}`);
    };
    agenda.at(1, 10, log('tuesday'));
    agenda.at(0, 9, async () => {
      await log('monday-a')();
      // A task may schedule later ones.
      agenda.at(0, 15, log('monday-later'));
    });
    agenda.at(0, 9, log('monday-b'));
    clock.startAt(new Date('2026-11-01T16:00:00Z'));
    let settled = 0;
    await agenda.run({ clock, concurrency: 4, beforeNewDay: async () => void seen.push(`settle ${++settled}`) });
    expect(seen).toEqual([
      'monday-a@2026-11-02T01:00:00.000Z',
      'monday-b@2026-11-02T01:00:00.000Z',
      'monday-later@2026-11-02T07:00:00.000Z',
      'settle 1',
      'tuesday@2026-11-03T02:00:00.000Z',
      'settle 2',
    ]);
  });

  it('refuses a task scheduled in the past of the run', async () => {
    const clock = new SimulatedClock(() => Date.parse('2026-11-21T12:00:00Z'));
    const agenda = new Agenda('2026-11-02');
    agenda.at(2, 9, async () => agenda.at(1, 9, async () => undefined));
    clock.startAt(new Date('2026-11-01T16:00:00Z'));
    await expect(agenda.run({ clock, concurrency: 1, beforeNewDay: async () => undefined })).rejects.toThrow(/demo's past/);
  });
});

describe('SimulatedClock', () => {
  it('runs behind real time, only forward, never ahead, and catches up', () => {
    let realNow = Date.parse('2026-11-21T12:00:00Z');
    const clock = new SimulatedClock(() => realNow);
    clock.startAt(new Date('2026-08-24T00:00:00Z'));
    realNow += 1000;
    expect(clock.now().toISOString()).toBe('2026-08-24T00:00:01.000Z');
    clock.advanceTo(new Date('2026-09-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(() => clock.advanceTo(new Date('2026-08-30T00:00:00Z'))).toThrow(/backwards/);
    expect(() => clock.advanceTo(new Date('2026-12-01T00:00:00Z'))).toThrow(/ahead of real time/);
    clock.catchUp();
    expect(clock.now().getTime()).toBe(realNow);
  });
});
