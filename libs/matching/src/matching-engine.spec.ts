import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#domain';
import { MatchingEngine } from './matching-engine.js';
import { resolveMatchingWeights } from './matching-weights.js';
import { aDonation, aNeed, anOrganisation, aProject, aSocialWorker, aVolunteer, fixedClock, place } from './testing/matching-fixtures.js';

const engine = (options: ConstructorParameters<typeof MatchingEngine>[0] = {}) => new MatchingEngine({ now: fixedClock, ...options });
const keys = (proposals: readonly { resourceKey: string }[]) => proposals.map((proposal) => proposal.resourceKey);

describe('MatchingEngine proposals for a need', () => {
  it('ranks the same community above the same street above the same district', () => {
    const matching = engine({ weights: resolveMatchingWeights({ policy: { reach: { volunteer: 'district' } } }) });
    matching.upsertVolunteer(aVolunteer('far', { area: place('D1', 'S2', 'C1') }));
    matching.upsertVolunteer(aVolunteer('street', { area: place('D1', 'S1', 'C2') }));
    matching.upsertVolunteer(aVolunteer('home', { area: place('D1', 'S1', 'C1') }));
    const proposals = matching.upsertNeed(aNeed('n1'));
    expect(keys(proposals)).toEqual(['volunteer:home', 'volunteer:street', 'volunteer:far']);
    expect(proposals[0]!.reasons.find((reason) => reason.factor === 'distance')!.detail).toBe('same community');
    expect(proposals[2]!.reasons.find((reason) => reason.factor === 'distance')!.detail).toBe('same district, another street');
  });

  it('does not propose a volunteer beyond the configured reach, nor one from another category', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('other-street', { area: place('D1', 'S2', 'C1') }));
    matching.upsertVolunteer(aVolunteer('tutor', { categories: ['education'] }));
    matching.upsertVolunteer(aVolunteer('carer'));
    expect(keys(matching.upsertNeed(aNeed('n1')))).toEqual(['volunteer:carer']);
  });

  it('explains the score: the reasons add up to it and name the skills covered', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('v1', { skills: ['First Aid', 'cooking'], availableHoursPerWeek: 2 }));
    const [proposal] = matching.upsertNeed(aNeed('n1', { requiredSkills: ['first aid', 'sign language'], urgency: 'high' }));
    const points = proposal!.reasons.reduce((total, reason) => total + reason.points, 0);
    expect(points).toBeCloseTo(proposal!.score, 0);
    expect(proposal!.reasons.map((reason) => reason.factor)).toEqual(['category', 'distance', 'skills', 'availability', 'capacity', 'urgency', 'waiting', 'fairness']);
    expect(proposal!.reasons.find((reason) => reason.factor === 'skills')!.detail).toBe('covers 1 of 2 required skills: first aid');
    expect(proposal!.reasons.find((reason) => reason.factor === 'capacity')!.value).toBe(0.5);
    expect(proposal!.reasons.find((reason) => reason.factor === 'waiting')!.detail).toBe('listed 9 days ago (full at 30)');
  });

  it('prefers the volunteer who covers the required skills', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('untrained'));
    matching.upsertVolunteer(aVolunteer('trained', { skills: ['first aid'] }));
    expect(keys(matching.upsertNeed(aNeed('n1', { requiredSkills: ['first aid'] })))).toEqual(['volunteer:trained', 'volunteer:untrained']);
  });

  it('uses time windows: never a volunteer who is busy the whole time, the fuller overlap first', () => {
    const matching = engine();
    const tuesdayMorning = { day: 1, fromMinute: 9 * 60, toMinute: 11 * 60 };
    matching.upsertVolunteer(aVolunteer('monday', { windows: [{ day: 0, fromMinute: 0, toMinute: 1440 }] }));
    matching.upsertVolunteer(aVolunteer('half', { windows: [{ day: 1, fromMinute: 10 * 60, toMinute: 12 * 60 }] }));
    matching.upsertVolunteer(aVolunteer('whole', { windows: [{ day: 1, fromMinute: 8 * 60, toMinute: 12 * 60 }] }));
    matching.upsertVolunteer(aVolunteer('undeclared'));
    const proposals = matching.upsertNeed(aNeed('n1', { window: tuesdayMorning }));
    expect(keys(proposals)).toEqual(['volunteer:whole', 'volunteer:half', 'volunteer:undeclared']);
    expect(proposals[1]!.reasons.find((reason) => reason.factor === 'availability')!.detail).toBe('free 60 of 120 minutes of Tue 09:00-11:00');
  });

  it('never offers more than the resource has left nor more than the need still misses', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('v1', { availableHoursPerWeek: 1.5 }));
    matching.upsertSocialWorker(aSocialWorker('sw1', { availableHoursPerWeek: 30 }));
    matching.upsertDonation(aDonation('small', { balanceFen: 30_000 }));
    matching.upsertDonation(aDonation('large', { balanceFen: 9_000_000 }));
    const proposals = matching.upsertNeed(aNeed('n1', { hoursPerWeek: 6, amountFen: 50_000 }));
    const offer = (key: string) => proposals.find((proposal) => proposal.resourceKey === key)!.offer;
    expect(offer('volunteer:v1')).toEqual({ hoursPerWeek: 1.5 });
    expect(offer('social-worker:sw1')).toEqual({ hoursPerWeek: 6 });
    expect(offer('donation:small')).toEqual({ amountFen: 30_000 });
    expect(offer('donation:large')).toEqual({ amountFen: 50_000 });
  });

  it('scans one kind alone when asked: the same proposals of that kind, in the same order, and none of the others', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('v1'));
    matching.upsertSocialWorker(aSocialWorker('sw1'));
    matching.upsertDonation(aDonation('small', { balanceFen: 30_000 }));
    matching.upsertDonation(aDonation('large', { balanceFen: 9_000_000 }));
    matching.upsertDonation(aDonation('far', { balanceFen: 9_000_000, area: place('D2', 'S1', 'C1') }));
    matching.upsertNeed(aNeed('n1', { hoursPerWeek: 6, amountFen: 50_000 }));
    const all = matching.proposalsForNeed('n1');
    expect(new Set(all.map((proposal) => proposal.resourceKind))).toEqual(new Set(['volunteer', 'social-worker', 'donation']));
    expect(keys(matching.proposalsForNeed('n1', undefined, 'donation'))).toEqual(keys(all.filter((proposal) => proposal.resourceKind === 'donation')));
    expect(keys(matching.proposalsForNeed('n1', undefined, 'volunteer'))).toEqual(['volunteer:v1']);
    expect(matching.proposalsForNeed('n1', undefined, 'organisation')).toEqual([]);
  });

  it('does not propose a resource with nothing left', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('busy', { availableHoursPerWeek: 0 }));
    matching.upsertDonation(aDonation('spent', { balanceFen: 0 }));
    matching.upsertOrganisation(anOrganisation('full', { spareCapacity: 0 }));
    expect(matching.upsertNeed(aNeed('n1', { amountFen: 10_000, needsCarrier: true }))).toEqual([]);
  });

  it('rule 12: an earmarked donation is proposed only inside its category and area', () => {
    const matching = engine();
    matching.upsertDonation(aDonation('for-children', { earmark: { category: 'child_welfare' } }));
    matching.upsertDonation(aDonation('for-street-2', { earmark: { street: 'D1S2' } }));
    matching.upsertDonation(aDonation('for-street-1-elderly', { earmark: { category: 'elderly_care', street: 'D1S1' }, area: place('D2', 'S1', 'C1') }));
    matching.upsertDonation(aDonation('free', { area: place('D3', 'S1', 'C1') }));
    const proposals = matching.upsertNeed(aNeed('n1', { hoursPerWeek: 0, amountFen: 20_000 }));
    expect(keys(proposals)).toEqual(['donation:for-street-1-elderly', 'donation:free']);
    expect(proposals[0]!.reasons.find((reason) => reason.factor === 'earmark')!.detail).toBe('earmarked for this street');
    // The earmarked donation is measured from the street it is earmarked for, not from its donor in D2.
    expect(proposals[0]!.reasons.find((reason) => reason.factor === 'distance')!.detail).toBe('same street, another community');
  });

  it('proposes organisations of the district by grade and evaluation, and open projects whose area holds the need', () => {
    const matching = engine();
    matching.upsertOrganisation(anOrganisation('good', { grade: 5, evaluationScore: 95 }));
    matching.upsertOrganisation(anOrganisation('weak', { grade: 1, evaluationScore: 40 }));
    matching.upsertOrganisation(anOrganisation('elsewhere', { district: 'D2', grade: 5 }));
    matching.upsertProject(aProject('street-project', { area: { city: 'X', district: 'D1', street: 'D1S1' } }));
    matching.upsertProject(aProject('other-street', { area: { city: 'X', district: 'D1', street: 'D1S2' } }));
    matching.upsertProject(aProject('finished', { status: 'completed' }));
    const proposals = matching.upsertNeed(aNeed('n1', { hoursPerWeek: 0, needsCarrier: true }));
    expect(keys(proposals).sort()).toEqual(['organisation:good', 'organisation:weak', 'project:street-project']);
    const organisations = proposals.filter((proposal) => proposal.resourceKind === 'organisation');
    expect(keys(organisations)).toEqual(['organisation:good', 'organisation:weak']);
    expect(organisations[0]!.reasons.find((reason) => reason.factor === 'grade')!.detail).toBe('graded 5A');
  });

  it('caps proposals at the top K per kind', () => {
    const matching = engine({ options: { proposalsPerKind: 3 } });
    for (let index = 0; index < 10; index++) matching.upsertVolunteer(aVolunteer(`v${index}`, { availableHoursPerWeek: index + 1 }));
    const proposals = matching.upsertNeed(aNeed('n1', { hoursPerWeek: 10 }));
    expect(keys(proposals)).toEqual(['volunteer:v9', 'volunteer:v8', 'volunteer:v7']);
  });

  it('a weights override changes the ranking without code changes', () => {
    const build = (weights = resolveMatchingWeights()) => {
      const matching = engine({ weights: resolveMatchingWeights({ policy: { reach: { volunteer: 'district' } } }, weights) });
      matching.upsertVolunteer(aVolunteer('near-untrained', { area: place('D1', 'S1', 'C1') }));
      matching.upsertVolunteer(aVolunteer('far-trained', { area: place('D1', 'S2', 'C1'), skills: ['nursing'] }));
      return keys(matching.upsertNeed(aNeed('n1', { requiredSkills: ['nursing'] })));
    };
    expect(build()).toEqual(['volunteer:far-trained', 'volunteer:near-untrained']);
    expect(build(resolveMatchingWeights({ factors: { distance: 10 } }))).toEqual(['volunteer:near-untrained', 'volunteer:far-trained']);
  });
});

describe('MatchingEngine proposals for a resource', () => {
  it('a new volunteer is proposed to the needs it fits, most urgent first', () => {
    const matching = engine();
    matching.upsertNeed(aNeed('calm', { urgency: 'low' }));
    matching.upsertNeed(aNeed('urgent', { urgency: 'critical' }));
    matching.upsertNeed(aNeed('tutoring', { category: 'education' }));
    matching.upsertNeed(aNeed('far', { area: place('D2', 'S1', 'C1') }));
    const proposals = matching.upsertVolunteer(aVolunteer('v1'));
    expect(proposals.map((proposal) => proposal.demandKey)).toEqual(['need:urgent', 'need:calm']);
  });

  it('a donation is proposed both to needs and to projects whose funding gap it may fill', () => {
    const matching = engine();
    matching.upsertNeed(aNeed('n1', { hoursPerWeek: 0, amountFen: 50_000 }));
    matching.upsertProject(aProject('p1', { fundingGapFen: 2_000_000 }));
    matching.upsertProject(aProject('p-children', { categories: ['child_welfare'], fundingGapFen: 2_000_000 }));
    const proposals = matching.upsertDonation(aDonation('d1', { earmark: { category: 'elderly_care' }, balanceFen: 1_000_000 }));
    expect(proposals.map((proposal) => proposal.demandKey).sort()).toEqual(['need:n1', 'project:p1']);
    const funding = proposals.find((proposal) => proposal.demandKey === 'project:p1')!;
    expect(funding.offer).toEqual({ amountFen: 1_000_000 });
    expect(matching.proposalsForProjectFunding('p1').map((proposal) => proposal.resourceKey)).toEqual(['donation:d1']);
  });

  it('an updated resource is re-indexed: a volunteer who moves is proposed in the new place only', () => {
    const matching = engine();
    matching.upsertNeed(aNeed('here'));
    matching.upsertNeed(aNeed('there', { area: place('D2', 'S1', 'C1') }));
    matching.upsertVolunteer(aVolunteer('v1'));
    const moved = matching.upsertVolunteer(aVolunteer('v1', { area: place('D2', 'S1', 'C1') }));
    expect(moved.map((proposal) => proposal.demandKey)).toEqual(['need:there']);
    expect(matching.proposalsForNeed('here')).toEqual([]);
    expect(matching.removeVolunteer('v1')).toBe(true);
    expect(matching.proposalsForNeed('there')).toEqual([]);
  });
});

describe('MatchingEngine declines', () => {
  it('never proposes a declined pair again, even after the resource is updated', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('v1'));
    matching.upsertVolunteer(aVolunteer('v2'));
    matching.upsertNeed(aNeed('n1'));
    matching.decline('n1', 'volunteer:v1', 'resident prefers a woman volunteer');
    expect(keys(matching.proposalsForNeed('n1'))).toEqual(['volunteer:v2']);
    expect(matching.upsertVolunteer(aVolunteer('v1', { availableHoursPerWeek: 20 })).map((proposal) => proposal.demandKey)).toEqual([]);
    matching.upsertNeed(aNeed('n1', { hoursPerWeek: 8 }));
    expect(keys(matching.proposalsForNeed('n1'))).toEqual(['volunteer:v2']);
    expect(matching.allocate().assignments.map((assignment) => assignment.resourceKey)).toEqual(['volunteer:v2']);
    expect(matching.declinedPairs()).toEqual([{ demandKey: 'need:n1', resourceKey: 'volunteer:v1', reason: 'resident prefers a woman volunteer' }]);
  });

  it('keeps a restored decline out of the resource\'s proposals too, and its proposals name the need by its demand key', () => {
    const matching = engine();
    matching.restoreDeclined([{ demandKey: 'need:n1', resourceKey: 'volunteer:v1', reason: 'x' }]);
    matching.upsertNeed(aNeed('n1'));
    matching.upsertNeed(aNeed('n2'));
    expect(matching.upsertVolunteer(aVolunteer('v1')).map((proposal) => proposal.demandKey)).toEqual(['need:n2']);
    expect(matching.proposalsForResource('volunteer:v1').map((proposal) => proposal.demandKey)).toEqual(['need:n2']);
  });

  it('rejects a malformed resource key with a stable code', () => {
    expect(() => engine().decline('n1', 'v1', 'x')).toThrow(expect.objectContaining({ code: 'MATCHING_RESOURCE_KEY_INVALID' }) as unknown as Error);
  });

  it('declined funding is not proposed again', () => {
    const matching = engine();
    matching.upsertProject(aProject('p1', { fundingGapFen: 100_000 }));
    matching.upsertDonation(aDonation('d1'));
    matching.declineFunding('p1', 'd1', 'donor wants a need, not a project');
    expect(matching.proposalsForProjectFunding('p1')).toEqual([]);
  });
});

describe('MatchingEngine input checks', () => {
  it('refuses negative capacities and broken windows with MATCHING_INPUT_INVALID', () => {
    const matching = engine();
    const codeOf = (action: () => void) => {
      try {
        action();
      } catch (error) {
        return error instanceof DomainError ? `${error.code}:${String(error.details?.['field'])}` : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => matching.upsertVolunteer(aVolunteer('v', { availableHoursPerWeek: -1 })))).toBe('MATCHING_INPUT_INVALID:availableHoursPerWeek');
    expect(codeOf(() => matching.upsertNeed(aNeed('n', { window: { day: 7, fromMinute: 0, toMinute: 60 } })))).toBe('MATCHING_INPUT_INVALID:window');
    expect(codeOf(() => matching.upsertDonation(aDonation('d', { balanceFen: 10.5 })))).toBe('MATCHING_INPUT_INVALID:balanceFen');
    expect(codeOf(() => matching.upsertNeed(aNeed('n', { listedAt: 'yesterday' })))).toBe('MATCHING_INPUT_INVALID:listedAt');
  });
});

describe('MatchingEngine lookups stay local', () => {
  it('a new need costs the same number of assessments whether the rest of the city holds 0 or 20 000 resources', () => {
    const populate = (matching: MatchingEngine, district: string, count: number) => {
      for (let index = 0; index < count; index++) {
        const street = `S${index % 4}`;
        matching.upsertVolunteer(aVolunteer(`${district}-v${index}`, { area: place(district, street, `C${index % 3}`) }));
        matching.upsertDonation(aDonation(`${district}-d${index}`, { area: place(district, street, `C${index % 3}`), earmark: { district } }));
      }
    };
    const assessedFor = (otherDistricts: number) => {
      const matching = engine();
      populate(matching, 'D1', 200);
      for (let district = 0; district < otherDistricts; district++) populate(matching, `O${district}`, 1000);
      const before = matching.assessedCandidates;
      const proposals = matching.upsertNeed(aNeed('n1', { amountFen: 50_000, area: place('D1', 'S1', 'C1') }));
      return { assessed: matching.assessedCandidates - before, proposals: keys(proposals) };
    };
    const alone = assessedFor(0);
    const crowded = assessedFor(10);
    expect(alone.assessed).toBeGreaterThan(0);
    expect(crowded.assessed).toBe(alone.assessed);
    expect(crowded.proposals).toEqual(alone.proposals);
  });

  it('when the whole city is eligible, a lookup assesses no more than its budget and still keeps the nearest', () => {
    const matching = engine({ options: { scanBudget: 300 } });
    matching.upsertDonation(aDonation('next-door', { balanceFen: 10_000 }));
    for (let index = 0; index < 5000; index++) {
      matching.upsertDonation(aDonation(`city-${index}`, { area: place(`O${index % 50}`, 'S1', 'C1') }));
    }
    const before = matching.assessedCandidates;
    const proposals = matching.upsertNeed(aNeed('n1', { hoursPerWeek: 0, amountFen: 50_000 }));
    expect(matching.assessedCandidates - before).toBeLessThanOrEqual(300);
    expect(keys(proposals)).toContain('donation:next-door');
  });
});
