import { jest } from '@jest/globals';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Moves the process clock (Date only: timers, ticks and I/O stay real) past an award's standstill
 * (质疑期): seven Beijing working days are at most eleven calendar days, so twelve days always do.
 * The service and the test share the process, so the service decides the contract at the new time.
 */
export const passStandstill = (days = 12): void => {
  jest.useFakeTimers({
    advanceTimers: true,
    now: Date.now() + days * DAY,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
};
