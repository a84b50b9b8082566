/**
 * Weekly time windows: when a need wants service and when a volunteer is free.
 * Day 0 is Monday; minutes count from midnight; a window never crosses midnight (split it in two).
 */
export interface WeeklyWindow {
  readonly day: number;
  readonly fromMinute: number;
  readonly toMinute: number;
}

export const MINUTES_PER_DAY = 24 * 60;

export function isValidWindow(window: WeeklyWindow): boolean {
  return (
    Number.isInteger(window.day) &&
    window.day >= 0 &&
    window.day <= 6 &&
    Number.isFinite(window.fromMinute) &&
    Number.isFinite(window.toMinute) &&
    window.fromMinute >= 0 &&
    window.toMinute <= MINUTES_PER_DAY &&
    window.fromMinute < window.toMinute
  );
}

/** Sorted by day and start, overlapping or touching windows merged, so overlaps are never counted twice. */
export function normaliseWindows(windows: readonly WeeklyWindow[]): WeeklyWindow[] {
  const sorted = [...windows].sort((a, b) => a.day - b.day || a.fromMinute - b.fromMinute);
  const merged: WeeklyWindow[] = [];
  for (const window of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.day === window.day && window.fromMinute <= last.toMinute) {
      merged[merged.length - 1] = { day: last.day, fromMinute: last.fromMinute, toMinute: Math.max(last.toMinute, window.toMinute) };
    } else {
      merged.push({ day: window.day, fromMinute: window.fromMinute, toMinute: window.toMinute });
    }
  }
  return merged;
}

/** Minutes of `need` covered by the (normalised) `available` windows. */
export function overlapMinutes(need: WeeklyWindow, available: readonly WeeklyWindow[]): number {
  let total = 0;
  for (const window of available) {
    if (window.day !== need.day) continue;
    const from = Math.max(window.fromMinute, need.fromMinute);
    const to = Math.min(window.toMinute, need.toMinute);
    if (to > from) total += to - from;
  }
  return total;
}

export const windowMinutes = (window: WeeklyWindow): number => window.toMinute - window.fromMinute;

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
export const describeWindow = (window: WeeklyWindow): string =>
  `${DAY_NAMES[window.day]} ${hhmm(window.fromMinute)}-${hhmm(window.toMinute)}`;
