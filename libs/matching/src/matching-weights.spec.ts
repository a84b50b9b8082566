import { describe, expect, it } from '@jest/globals';
import { resolveMatchingOptions } from './matching-options.js';
import { DEFAULT_MATCHING_WEIGHTS, parseMatchingWeights, resolveMatchingWeights } from './matching-weights.js';

const errorOf = (action: () => unknown) => {
  try {
    action();
    return null;
  } catch (error) {
    return error as { code: string; details?: Record<string, unknown> };
  }
};

describe('matching weights as configuration', () => {
  it('no MATCHING_WEIGHTS means the defaults', () => {
    expect(parseMatchingWeights(undefined)).toBe(DEFAULT_MATCHING_WEIGHTS);
    expect(parseMatchingWeights('  ')).toBe(DEFAULT_MATCHING_WEIGHTS);
  });

  it('a JSON override changes only what it names, at any depth', () => {
    const weights = parseMatchingWeights('{"factors":{"distance":5},"coverage":{"critical":20},"policy":{"reach":{"volunteer":"district"}}}');
    expect(weights.factors.distance).toBe(5);
    expect(weights.factors.skills).toBe(DEFAULT_MATCHING_WEIGHTS.factors.skills);
    expect(weights.coverage.critical).toBe(20);
    expect(weights.policy.reach.volunteer).toBe('district');
    expect(weights.policy.reach.donation).toBe('city');
    expect(DEFAULT_MATCHING_WEIGHTS.factors.distance).toBe(3);
  });

  it('turns the fairness term off with its two weights at 0, and tunes its window and shares', () => {
    const off = parseMatchingWeights('{"factors":{"fairness":0},"fairness":{"inAllocation":0}}');
    expect([off.factors.fairness, off.fairness.inAllocation]).toEqual([0, 0]);
    const tuned = parseMatchingWeights('{"fairness":{"windowDays":30,"fairShare":{"volunteer":4}}}');
    expect(tuned.fairness).toEqual({ ...DEFAULT_MATCHING_WEIGHTS.fairness, windowDays: 30, fairShare: { ...DEFAULT_MATCHING_WEIGHTS.fairness.fairShare, volunteer: 4 } });
  });

  it('replaces lists rather than merging them', () => {
    expect(resolveMatchingWeights({ policy: { openProjectStatuses: ['open'] } }).policy.openProjectStatuses).toEqual(['open']);
  });

  it.each([
    ['not JSON', '{factors:', undefined],
    ['an unknown key (a typo)', '{"factors":{"distanse":1}}', 'weights.factors.distanse'],
    ['a negative weight', '{"factors":{"distance":-1}}', 'factors.distance'],
    ['a distance value above 1', '{"distance":{"street":1.5}}', 'distance.street'],
    ['an unknown reach level', '{"policy":{"reach":{"volunteer":"province"}}}', 'policy.reach.volunteer'],
    ['a string where a number is due', '{"qualityInAllocation":"high"}', 'weights.qualityInAllocation'],
    ['a giving cost above a unit\'s base worth', '{"fairness":{"inAllocation":1.5}}', 'fairness.inAllocation'],
    ['an empty fairness window', '{"fairness":{"windowDays":0}}', 'fairness.windowDays'],
    ['a fair share of nothing', '{"fairness":{"fairShare":{"organisation":0}}}', 'fairness.fairShare.organisation'],
    ['an absurd factor weight (1e308 overflows every score)', '{"factors":{"fairness":1e308}}', 'factors.fairness'],
    ['a factor weight past 100', '{"factors":{"distance":101}}', 'factors.distance'],
    ['an absurd coverage worth', '{"coverage":{"critical":1e9}}', 'coverage.critical'],
    ['an absurd quality weight', '{"qualityInAllocation":1e6}', 'qualityInAllocation'],
    ['a fairness window of centuries', '{"fairness":{"windowDays":1e308}}', 'fairness.windowDays'],
    ['a fairness window of half a day', '{"fairness":{"windowDays":0.5}}', 'fairness.windowDays'],
    ['an absurd fair share', '{"fairness":{"fairShare":{"volunteer":1e308}}}', 'fairness.fairShare.volunteer'],
    ['an absurd waiting saturation', '{"waitingSaturationDays":1e308}', 'waitingSaturationDays'],
    ['a list of open statuses that are not statuses', '{"policy":{"openProjectStatuses":["DROP TABLE x; --"]}}', 'policy.openProjectStatuses'],
    ['every factor at zero', JSON.stringify({ factors: Object.fromEntries(Object.keys(DEFAULT_MATCHING_WEIGHTS.factors).map((key) => [key, 0])) }), 'factors'],
  ])('refuses %s with MATCHING_WEIGHTS_INVALID', (_, json, path) => {
    const error = errorOf(() => parseMatchingWeights(json));
    expect(error?.code).toBe('MATCHING_WEIGHTS_INVALID');
    if (path !== undefined) expect(error?.details?.['path']).toBe(path);
  });
});

describe('matching options', () => {
  it.each([['hourUnit', 0], ['moneyUnitFen', 2.5], ['proposalsPerKind', -1], ['valueScale', Number.NaN]])('refuses %s = %s', (option, value) => {
    expect(errorOf(() => resolveMatchingOptions({ [option]: value }))?.code).toBe('MATCHING_OPTIONS_INVALID');
  });
  it('accepts an exhaustive limit of 0 (always keep the best K)', () => {
    expect(resolveMatchingOptions({ exhaustiveNeedLimit: 0 }).exhaustiveNeedLimit).toBe(0);
  });
});
