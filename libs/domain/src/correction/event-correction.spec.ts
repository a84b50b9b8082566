import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/domain-error.js';
import { applyCorrections, decideCorrection, type CorrectableEvent } from './event-correction.js';

// A CommunityRegistered stored before the decider checked areas: no city, district or street.
const broken: CorrectableEvent = {
  eventId: 'e-1',
  type: 'CommunityRegistered',
  data: { communityId: 'c-1', name: '泰山社区', area: { community: 'c-1' }, kind: 'urban', residents: 10, households: 5 },
};
const later: CorrectableEvent = { eventId: 'e-2', type: 'CommunityPopulationUpdated', data: { communityId: 'c-1', residents: 12 } };
const fixedData = { ...broken.data as object, area: { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'c-1' } };
const correct = (data: unknown = fixedData, reason = 'area lost by the 2026-11 array bug; restored from the paper register') => ({
  eventId: 'e-1',
  data: data as Record<string, unknown>,
  reason,
});
const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'NO_ERROR';
};

describe('event correction (the operator path for a stored fact no projection can apply)', () => {
  it('records the corrected data of one event of the stream, with the reason', () => {
    expect(decideCorrection([broken, later], correct())).toEqual([
      { type: 'EventCorrected', data: { correctedEventId: 'e-1', correctedType: 'CommunityRegistered', data: fixedData, reason: correct().reason } },
    ]);
  });

  it('records nothing when the same correction is sent again', () => {
    const [recorded] = decideCorrection([broken, later], correct());
    expect(decideCorrection([broken, later, { eventId: 'e-3', ...recorded! }], correct())).toEqual([]);
  });

  it('refuses an event that is not in the stream, a correction of a correction, data that is not an object, and no reason', () => {
    expect(codeOf(() => decideCorrection([broken], { ...correct(), eventId: 'e-9' }))).toBe('CORRECTED_EVENT_NOT_FOUND');
    const [recorded] = decideCorrection([broken], correct());
    expect(codeOf(() => decideCorrection([broken, { eventId: 'e-3', ...recorded! }], { ...correct(), eventId: 'e-3' }))).toBe('CORRECTION_NOT_CORRECTABLE');
    expect(codeOf(() => decideCorrection([broken], correct([fixedData])))).toBe('CORRECTION_DATA_INVALID');
    expect(codeOf(() => decideCorrection([broken], correct(fixedData, ' ')))).toBe('REASON_REQUIRED');
  });

  it('folds a stream as if the corrected event had been right: its data replaced by the latest correction, the corrections left out', () => {
    const first = { eventId: 'e-3', ...decideCorrection([broken], correct({ ...fixedData, name: 'first try' }))[0]! };
    const second = { eventId: 'e-4', ...decideCorrection([broken, first], correct())[0]! };
    expect(applyCorrections([broken, later, first, second])).toEqual([{ ...broken, data: fixedData }, later]);
  });
});
