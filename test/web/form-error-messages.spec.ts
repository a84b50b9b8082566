import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { messageOf } from '../../apps/web/src/api/errors.js';

/**
 * Every code the API can answer on the console's 特殊困难老年人探访, 配捐 and 时长确认 forms has a Chinese message
 * (apps/web/src/api/errors.ts): the codes are read from the deciders that refuse them and from the endpoints'
 * documented responses, so a code added there later fails here until the console can say it.
 */
const repository = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(repository, path), 'utf8');
const CODE = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g;
const WORD = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
/** Settings a docstring names (VOLUNTEER_MAX_HOURS_PER_DAY) and a programming error (a command type the service does not know): not a user's refusal. */
const SETTINGS = [...read('libs/platform/src/config/wushe-config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+)[?!]?\s*[:=]/gm)].map(([, name]) => name!);
const NOT_FOR_USERS = new Set(['UNKNOWN_COMMAND', ...SETTINGS]);

const codesOf = (deciders: string[], controllers: string[]): string[] => {
  const codes = new Set<string>(['VALIDATION_FAILED', 'ROLE_NOT_PERMITTED', 'OUTSIDE_YOUR_AREA', 'NOT_YOUR_RECORD', 'CONCURRENCY_CONFLICT']);
  for (const path of deciders) for (const [, code] of read(path).matchAll(CODE)) codes.add(code!);
  // The endpoints document their codes in their docstrings and OpenAPI responses.
  for (const path of controllers) for (const [code] of read(path).matchAll(WORD)) codes.add(code);
  return [...codes].filter((code) => !NOT_FOR_USERS.has(code)).sort();
};

const FORMS: Record<string, string[]> = {
  '特殊困难老年人探访': codesOf(['libs/domain/src/elder/elder.decider.ts'], ['apps/api/src/features/elder/elder.controller.ts']),
  '配捐': codesOf(['libs/domain/src/matching-pool/matching-pool.pledge.ts'], ['apps/api/src/features/matching-pool/matching-pool.controller.ts']),
  '时长确认': codesOf(['libs/domain/src/volunteer/hours-entries.ts'], ['apps/api/src/features/volunteer/volunteer-hours.controller.ts']),
};

describe('the console says every refusal of its new forms in Chinese', () => {
  it.each(Object.entries(FORMS))('%s', (_form, codes) => {
    expect(codes.length).toBeGreaterThan(8);
    const unsaid = codes.filter((code) => messageOf(code).includes(code));
    expect(unsaid).toEqual([]);
  });

  it('reads the codes it checks (a sample of each form), and no setting among them', () => {
    expect(FORMS['特殊困难老年人探访']).toEqual(expect.arrayContaining(['ELDER_NOT_ON_REGISTER', 'HOME_VISIT_IN_FUTURE', 'ELDER_CIRCUMSTANCE_UNKNOWN', 'COMMUNITY_NOT_FOUND']));
    expect(FORMS['配捐']).toEqual(expect.arrayContaining(['POOL_CAP_INVALID', 'POOL_WINDOW_PAST', 'POOL_AMOUNT_INVALID', 'MATCHING_POOL_NOT_FOUND']));
    expect(FORMS['时长确认']).toEqual(expect.arrayContaining(['VOLUNTEER_HOURS_ALREADY_CONFIRMED', 'VOLUNTEER_DAILY_HOURS_EXCEEDED', 'VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED']));
    expect(FORMS['时长确认']).not.toContain('VOLUNTEER_MAX_HOURS_PER_DAY');
  });
});
