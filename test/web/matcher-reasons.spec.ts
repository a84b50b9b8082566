import { describe, expect, it } from '@jest/globals';
import { MatchingEngine, resolveMatchingWeights, SCORE_FACTORS, type Proposal } from '#matching';
import { aDonation, aNeed, anOrganisation, aProject, aSocialWorker, aVolunteer, fixedClock, place } from '../../libs/matching/src/testing/matching-fixtures.js';
import { reasonInChinese } from '../../apps/web/src/api/reasons.js';

/**
 * The console shows a proposal's reasons in Chinese (apps/web/src/api/reasons.ts). The real matcher writes them
 * here, for every kind of resource and every case of every factor, and not one English word may reach the screen (a grade is written 5A in Chinese too).
 */
const everyKindOfProposal = (): Proposal[] => {
  const matching = new MatchingEngine({
    now: fixedClock,
    weights: resolveMatchingWeights({ policy: { reach: { volunteer: 'city', donation: 'city', 'social-worker': 'city' } } }),
  });
  const tuesdayMorning = { day: 1, fromMinute: 9 * 60, toMinute: 11 * 60 };
  matching.upsertVolunteer(aVolunteer('skilled', { skills: ['急救'], windows: [{ day: 1, fromMinute: 10 * 60, toMinute: 12 * 60 }] }));
  matching.upsertVolunteer(aVolunteer('unskilled', { area: place('D1', 'S2', 'C1') }));
  matching.upsertVolunteer(aVolunteer('far', { area: place('D2', 'S1', 'C1') }));
  matching.upsertSocialWorker(aSocialWorker('graded'));
  matching.upsertSocialWorker(aSocialWorker('ungraded', { grade: null, qualified: false } as never));
  matching.upsertDonation(aDonation('free'));
  matching.upsertDonation(aDonation('for-elderly', { earmark: { category: 'elderly_care' }, area: place('D1', 'S1', 'C2') }));
  matching.upsertDonation(aDonation('for-street', { earmark: { street: 'D1S1' } }));
  matching.upsertDonation(aDonation('for-community', { earmark: { community: 'D1S1C1' } }));
  matching.upsertDonation(aDonation('for-district', { earmark: { district: 'D1' } }));
  matching.upsertOrganisation(anOrganisation('evaluated', { grade: 5, evaluationScore: 92 }));
  matching.upsertOrganisation(anOrganisation('new', { grade: 0 } as never));
  matching.upsertProject(aProject('covering', { fundingGapFen: 50_000 }));
  return [
    ...matching.upsertNeed(aNeed('timed', { requiredSkills: ['急救', '手语'], window: tuesdayMorning, urgency: 'high', amountFen: 20_000, needsCarrier: true })),
    ...matching.upsertNeed(aNeed('untimed', { amountFen: 500_000 })),
    ...matching.upsertNeed(aNeed('windowed', { window: tuesdayMorning, requiredSkills: ['厨艺'] })),
    ...matching.proposalsForProjectFunding('covering'),
  ];
};

describe('the console reads the matcher’s reasons in Chinese', () => {
  const proposals = everyKindOfProposal();
  const reasons = proposals.flatMap((proposal) => proposal.reasons.map((reason) => ({ ...reason, kind: proposal.resourceKind })));

  it('covers every factor and every kind of resource', () => {
    expect(new Set(reasons.map((reason) => reason.factor))).toEqual(new Set(SCORE_FACTORS));
    expect(new Set(proposals.map((proposal) => proposal.resourceKind))).toEqual(new Set(['volunteer', 'social-worker', 'donation', 'organisation', 'project']));
    expect(proposals.some((proposal) => proposal.demand.kind === 'project')).toBe(true);
  });

  it('turns each phrase into a Chinese sentence with no Latin word left', () => {
    const untranslated = reasons.map((reason) => ({ detail: reason.detail, shown: reasonInChinese(reason.factor, reason.detail) })).filter(({ shown }) => /[A-Za-z]/.test(shown.replace(/\dA\b/g, '')) || !shown.includes('：'));
    expect(untranslated).toEqual([]);
  });

  it('says what the phrase says', () => {
    const shown = new Set(reasons.map((reason) => reasonInChinese(reason.factor, reason.detail)));
    expect(shown).toContain('距离：同一社区');
    expect(shown).toContain('服务类别：可提供养老服务');
    expect(shown).toContain('技能：具备所需 2 项技能中的 1 项：急救');
    expect(shown).toContain('服务时段：周二 09:00-11:00 共 120 分钟，其中 60 分钟有空');
    expect(shown).toContain('资质等级：等级 5A');
    expect(shown).toContain('服务评估：评估得分 92/100');
    expect(shown).toContain('定向用途：定向用于本街道');
    expect(shown).toContain('资质等级：社会工作师，持证');
  });

  it('shows a phrase it does not know as its factor alone, never the English', () => {
    expect(reasonInChinese('distance', 'over the river')).toBe('距离');
    expect(reasonInChinese('newFactor', 'something new')).toBe('其他因素');
  });
});
