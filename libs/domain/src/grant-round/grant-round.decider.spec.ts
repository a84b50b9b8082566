import { describe, expect, it } from '@jest/globals';
import type { CommunityFacts, OrganisationFacts } from '../shared/facts.js';
import { DeciderSpecification, TEST_ACTOR } from '../testing/decider-spec.js';
import type { GrantReviewerFacts, GrantRoundCommand, OpenGrantRoundData, SubmitGrantApplicationData } from './grant-round.commands.js';
import type { GrantApplicationSubmittedData, GrantRoundEvent, GrantRoundOpenedData } from './grant-round.events.js';
import { grantRoundDecider } from './grant-round.decider.js';

const spec = DeciderSpecification.for(grantRoundDecider);
const roundId = 'round-1';
const bureau = { ...TEST_ACTOR, id: 'bureau-1', issuer: 'https://id.example', role: 'civil_affairs_bureau' };
// DEFAULT_TEST_NOW is 2026-03-01T08:00Z (16:00 Beijing).
const BEFORE_DEADLINE = new Date('2026-03-10T00:00:00.000Z');
const AFTER_DEADLINE = new Date('2026-04-01T00:00:00.000Z');
const AFTER_REVIEWS = new Date('2026-05-01T00:00:00.000Z');
const huli = { city: 'xiamen', district: 'huli', street: '', community: '' };

const openData: OpenGrantRoundData = {
  roundId,
  title: '2026 年湖里区社区公益创投',
  funder: { kind: 'civil_affairs_bureau', name: '湖里区民政局' },
  area: huli,
  criteria: [{ name: '需求分析', points: 30 }, { name: '项目设计', points: 40 }, { name: '预算合理性', points: 30 }],
  budgetFen: 10_000_000,
  passingScore: 60,
  applicationDeadline: '2026-03-31T17:00',
  reviewDeadline: '2026-04-15T17:00',
};
const opened: GrantRoundEvent = {
  type: 'GrantRoundOpened',
  data: {
    ...openData,
    reviewsRequired: null,
    ownerAccount: 'https://id.example#bureau-1',
    criteria: [{ criterionId: 'c1', name: '需求分析', points: 30 }, { criterionId: 'c2', name: '项目设计', points: 40 }, { criterionId: 'c3', name: '预算合理性', points: 30 }],
  } satisfies GrantRoundOpenedData,
};
const open = (overrides: Partial<OpenGrantRoundData> = {}): GrantRoundCommand => ({ type: 'OpenGrantRound', data: { ...openData, ...overrides } });

const agency: OrganisationFacts = {
  organisationId: 'org-a', name: '湖里区阳光社工服务中心', kind: 'social_work_agency', budgetFunded: false, status: 'registered',
  latestInspection: 'passed', grade: 4, district: 'huli', stationContracts: [],
};
const taishan: CommunityFacts = { communityId: 'taishan', name: '泰山社区', area: { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' }, kind: 'urban', residents: 9000 };
const design = { title: '长者助餐', category: 'elderly_care' as const, summary: '为独居老人送餐', beneficiaries: 40, budgetLines: [{ item: '餐费补贴', amountFen: 300_000 }, { item: '人员', amountFen: 200_000 }] };
const submit = (applicationId: string, overrides: Partial<SubmitGrantApplicationData> = {}): GrantRoundCommand => ({
  type: 'SubmitGrantApplication', data: { roundId, applicationId, organisation: agency, design, communities: [taishan], ...overrides },
});
const submittedData = (applicationId: string, sequence: number, organisation = agency): GrantApplicationSubmittedData => ({
  roundId, applicationId, sequence, organisation: { organisationId: organisation.organisationId, name: organisation.name },
  design: { title: '长者助餐', category: 'elderly_care', summary: '为独居老人送餐', communityIds: ['taishan'], beneficiaries: 40, budgetLines: design.budgetLines },
  requestedFen: 500_000, area: taishan.area,
});
const submitted = (applicationId: string, sequence: number, organisation = agency): GrantRoundEvent => ({ type: 'GrantApplicationSubmitted', data: submittedData(applicationId, sequence, organisation) });
const appointed = (reviewerNumber: number, account: string, declaredTies: string[] = []): GrantRoundEvent => ({
  type: 'GrantReviewerAppointed', data: { roundId, reviewerNumber, reviewerAccount: account, declaredTies },
});
const closed: GrantRoundEvent = { type: 'GrantApplicationsClosed', data: { roundId, applications: 1 } };
const expert: GrantReviewerFacts = { account: 'https://id.example#expert-1', organisationId: null, employerOrganisationId: null };
const scores = (c1: number, c2: number, c3: number) => [{ criterionId: 'c1', score: c1 }, { criterionId: 'c2', score: c2 }, { criterionId: 'c3', score: c3 }];
const score = (applicationId: string, reviewer: GrantReviewerFacts = expert, values = scores(25, 30, 20)): GrantRoundCommand => ({
  type: 'ScoreGrantApplication', data: { roundId, applicationId, reviewer, scores: values },
});
const scored = (applicationId: string, reviewerNumber: number, values = scores(25, 30, 20)): GrantRoundEvent => ({
  type: 'GrantApplicationScored', data: { roundId, applicationId, reviewerNumber, scores: values, totalScore: values.reduce((sum, entry) => sum + entry.score, 0) },
});
const inReview = [opened, appointed(1, expert.account, ['org-declared']), submitted('app-1', 1), closed];

describe('grant round: opening', () => {
  it('records the criteria as c1..cn with their points, the budget, the deadlines and the opening account', () => {
    spec.given([]).when(open(), { actor: bureau }).then([opened]);
  });

  it('refuses criteria whose points do not sum to 100, or are not whole', () => {
    spec.given([]).when(open({ criteria: [{ name: '需求分析', points: 30 }, { name: '项目设计', points: 40 }] }), { actor: bureau }).thenThrows('GRANT_CRITERIA_INVALID', { total: 70 });
    spec.given([]).when(open({ criteria: [{ name: '需求分析', points: 50.5 }, { name: '项目设计', points: 49.5 }] }), { actor: bureau }).thenThrows('GRANT_CRITERIA_INVALID');
    spec.given([]).when(open({ criteria: [] }), { actor: bureau }).thenThrows('GRANT_CRITERIA_INVALID');
  });

  it('refuses a bureau funding as a foundation, a past or inverted deadline, a budget that is not whole fen', () => {
    spec.given([]).when(open({ funder: { kind: 'community_foundation', name: '某基金会' } }), { actor: bureau }).thenThrows('GRANT_FUNDER_INVALID');
    spec.given([]).when(open(), { actor: { ...bureau, role: 'charity_base' } }).thenThrows('GRANT_FUNDER_INVALID');
    spec.given([]).when(open({ applicationDeadline: '2026-02-01T00:00' }), { actor: bureau }).thenThrows('GRANT_DEADLINES_INVALID');
    spec.given([]).when(open({ reviewDeadline: '2026-03-31T17:00' }), { actor: bureau }).thenThrows('GRANT_DEADLINES_INVALID');
    spec.given([]).when(open({ budgetFen: 100.5 }), { actor: bureau }).thenThrows('GRANT_BUDGET_INVALID');
    spec.given([]).when(open({ passingScore: 101 }), { actor: bureau }).thenThrows('PASSING_SCORE_INVALID');
  });

  it('is opened once', () => {
    spec.given([opened]).when(open(), { actor: bureau }).thenThrows('GRANT_ROUND_ALREADY_EXISTS');
  });
});

describe('grant round: reviewers and applications', () => {
  it('numbers reviewers in appointment order and appoints each account once', () => {
    spec.given([opened, appointed(1, 'acc-1')]).when({ type: 'AppointGrantReviewer', data: { roundId, reviewerAccount: 'acc-2', declaredTies: ['org-x', 'org-x'] } }).then([appointed(2, 'acc-2', ['org-x'])]);
    spec.given([opened, appointed(1, 'acc-1')]).when({ type: 'AppointGrantReviewer', data: { roundId, reviewerAccount: 'acc-1', declaredTies: [] } }).thenThrows('REVIEWER_ALREADY_APPOINTED');
  });

  it('takes an application before the deadline, its request being the sum of its budget lines, filed in its communities\' area', () => {
    spec.given([opened]).when(submit('app-1'), { now: BEFORE_DEADLINE }).then([submitted('app-1', 1)]);
  });

  it('refuses an application after the deadline or once closed', () => {
    spec.given([opened]).when(submit('app-1'), { now: AFTER_DEADLINE }).thenThrows('APPLICATIONS_CLOSED');
    spec.given([opened, closed]).when(submit('app-1'), { now: BEFORE_DEADLINE }).thenThrows('APPLICATIONS_CLOSED');
  });

  it('refuses a request above the round\'s whole budget', () => {
    const lines = [{ item: '全部', amountFen: 10_000_001 }];
    spec.given([opened]).when(submit('app-1', { design: { ...design, budgetLines: lines } }), { now: BEFORE_DEADLINE }).thenThrows('ROUND_BUDGET_EXCEEDED');
  });

  it('refuses ineligible organisations (rules 7, 11), a second application of one organisation, communities outside the round', () => {
    spec.given([opened]).when(submit('app-1', { organisation: { ...agency, latestInspection: 'failed' } }), { now: BEFORE_DEADLINE }).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    spec.given([opened]).when(submit('app-1', { organisation: { ...agency, kind: 'mass_organisation', budgetFunded: true } }), { now: BEFORE_DEADLINE }).thenThrows('APPLICANT_NOT_ELIGIBLE', { rule: 7 });
    spec.given([opened, submitted('app-1', 1)]).when(submit('app-2'), { now: BEFORE_DEADLINE }).thenThrows('APPLICATION_ALREADY_SUBMITTED');
    const siming = { ...taishan, communityId: 'dazhong', area: { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'dazhong' } };
    spec.given([opened]).when(submit('app-1', { communities: [siming] }), { now: BEFORE_DEADLINE }).thenThrows('COMMUNITY_OUTSIDE_ROUND_AREA');
  });

  it('closes applications at the deadline, never before', () => {
    spec.given([opened, submitted('app-1', 1)]).when({ type: 'CloseGrantApplications', data: { roundId } }, { now: BEFORE_DEADLINE }).thenThrows('APPLICATION_DEADLINE_NOT_REACHED');
    spec.given([opened, submitted('app-1', 1)]).when({ type: 'CloseGrantApplications', data: { roundId } }, { now: AFTER_DEADLINE }).then([closed]);
  });
});

describe('grant round: scoring (评审), one fact per reviewer per application', () => {
  it('records each criterion\'s score and the total out of 100', () => {
    spec.given(inReview).when(score('app-1'), { now: AFTER_DEADLINE }).then([scored('app-1', 1)]);
  });

  it('refuses a reviewer tied to the applicant: its own organisation, its employer, or a tie it declared (回避)', () => {
    spec.given(inReview).when(score('app-1', { ...expert, organisationId: 'org-a' }), { now: AFTER_DEADLINE }).thenThrows('REVIEWER_TIED_TO_APPLICANT', { tie: 'own_organisation' });
    spec.given(inReview).when(score('app-1', { ...expert, employerOrganisationId: 'org-a' }), { now: AFTER_DEADLINE }).thenThrows('REVIEWER_TIED_TO_APPLICANT', { tie: 'employer' });
    const declared = { ...agency, organisationId: 'org-declared' };
    spec.given([opened, appointed(1, expert.account, ['org-declared']), submitted('app-9', 1, declared), closed]).when(score('app-9'), { now: AFTER_DEADLINE })
      .thenThrows('REVIEWER_TIED_TO_APPLICANT', { tie: 'declared' });
  });

  it('refuses scores out of a criterion\'s range, or not one per criterion', () => {
    spec.given(inReview).when(score('app-1', expert, scores(31, 30, 20)), { now: AFTER_DEADLINE }).thenThrows('SCORE_OUT_OF_RANGE', { criterionId: 'c1', points: 30 });
    spec.given(inReview).when(score('app-1', expert, scores(-1, 30, 20)), { now: AFTER_DEADLINE }).thenThrows('SCORE_OUT_OF_RANGE');
    spec.given(inReview).when(score('app-1', expert, scores(25, 30, 20).slice(0, 2)), { now: AFTER_DEADLINE }).thenThrows('SCORES_INCOMPLETE');
    spec.given(inReview).when(score('app-1', expert, [...scores(25, 30, 20).slice(0, 2), { criterionId: 'c1', score: 1 }]), { now: AFTER_DEADLINE }).thenThrows('SCORES_INCOMPLETE');
  });

  it('refuses a second score by the same reviewer, a stranger, scoring while open or after the review deadline', () => {
    spec.given([...inReview, scored('app-1', 1)]).when(score('app-1'), { now: AFTER_DEADLINE }).thenThrows('ALREADY_SCORED');
    spec.given(inReview).when(score('app-1', { ...expert, account: 'someone-else' }), { now: AFTER_DEADLINE }).thenThrows('NOT_A_REVIEWER');
    spec.given(inReview.slice(0, 3)).when(score('app-1'), { now: BEFORE_DEADLINE }).thenThrows('APPLICATIONS_STILL_OPEN');
    spec.given(inReview).when(score('app-1'), { now: AFTER_REVIEWS }).thenThrows('REVIEW_PERIOD_OVER');
    spec.given(inReview).when(score('app-404'), { now: AFTER_DEADLINE }).thenThrows('GRANT_APPLICATION_NOT_FOUND');
    // An id that is a property of every object names no application.
    spec.given(inReview).when(score('constructor'), { now: AFTER_DEADLINE }).thenThrows('GRANT_APPLICATION_NOT_FOUND');
    spec.given(inReview).when({ type: 'WithdrawGrantApplication', data: { roundId, applicationId: 'constructor', reason: '试探' } }).thenThrows('GRANT_APPLICATION_NOT_FOUND');
  });
});

describe('grant round: award (立项) within the budget', () => {
  const other = { ...agency, organisationId: 'org-b', name: '乙机构' };
  const third = { ...agency, organisationId: 'org-c', name: '丙机构' };
  // This round states one review per application (the default would want both reviewers': grant-round.reviews.spec.ts).
  const openedWithOneReview: GrantRoundEvent = { type: 'GrantRoundOpened', data: { ...(opened.data as GrantRoundOpenedData), reviewsRequired: 1 } };
  const history = [
    openedWithOneReview, appointed(1, 'r1'), appointed(2, 'r2'),
    submitted('app-1', 1), submitted('app-2', 2, other), submitted('app-3', 3, third), closed,
    scored('app-1', 1, scores(30, 40, 25)), scored('app-1', 2, scores(28, 36, 26)), // 95 + 90
    scored('app-2', 1, scores(20, 30, 20)), // 70
    scored('app-3', 1, scores(10, 20, 20)), // 50, below 60
  ];

  it('ranks by mean score and funds whole requests within the budget, below the passing score never', () => {
    spec.given(history).when({ type: 'AwardGrantRound', data: { roundId } }).then([
      {
        type: 'GrantRoundAwarded',
        data: {
          roundId,
          title: openData.title,
          funder: openData.funder,
          ranking: [
            { rank: 1, applicationId: 'app-1', organisationId: 'org-a', reviews: 2, reviewsRequired: 1, scoreSum: 185, meanScore: 92.5, requestedFen: 500_000, awardedFen: 500_000, outcome: 'funded' },
            { rank: 2, applicationId: 'app-2', organisationId: 'org-b', reviews: 1, reviewsRequired: 1, scoreSum: 70, meanScore: 70, requestedFen: 500_000, awardedFen: 500_000, outcome: 'funded' },
            { rank: 3, applicationId: 'app-3', organisationId: 'org-c', reviews: 1, reviewsRequired: 1, scoreSum: 50, meanScore: 50, requestedFen: 500_000, awardedFen: 0, outcome: 'below_passing_score' },
          ],
          awards: [
            { applicationId: 'app-1', organisationId: 'org-a', organisationName: agency.name, projectTitle: '长者助餐', category: 'elderly_care', area: taishan.area, amountFen: 500_000 },
            { applicationId: 'app-2', organisationId: 'org-b', organisationName: '乙机构', projectTitle: '长者助餐', category: 'elderly_care', area: taishan.area, amountFen: 500_000 },
          ],
          awardedFen: 1_000_000,
          unawardedFen: 9_000_000,
          unreviewed: [],
        },
      },
    ]);
  });

  it('leaves a withdrawn application out of the ranking, its scores with it', () => {
    const withdrawn: GrantRoundEvent = { type: 'GrantApplicationWithdrawn', data: { roundId, applicationId: 'app-1', organisationId: 'org-a', reason: '机构调整' } };
    const [event] = grantRoundDecider.decide({ type: 'AwardGrantRound', data: { roundId } }, [...history, withdrawn].reduce(grantRoundDecider.evolve, grantRoundDecider.initialState()), { now: AFTER_DEADLINE, actor: bureau });
    const data = (event as Extract<GrantRoundEvent, { type: 'GrantRoundAwarded' }>).data;
    expect(data.ranking.map((entry) => [entry.applicationId, entry.rank, entry.outcome])).toEqual([['app-2', 1, 'funded'], ['app-3', 2, 'below_passing_score']]);
    expect(data.awardedFen).toBe(500_000);
  });

  it('refuses while a standing application is unscored, before the close, twice, or a withdrawal once awarded', () => {
    spec.given([...history.slice(0, 7), scored('app-1', 1)]).when({ type: 'AwardGrantRound', data: { roundId } }).thenThrows('REVIEWS_INCOMPLETE', { applicationIds: ['app-2', 'app-3'] });
    spec.given(history.slice(0, 6)).when({ type: 'AwardGrantRound', data: { roundId } }).thenThrows('APPLICATIONS_STILL_OPEN');
    const awarded = { type: 'GrantRoundAwarded', data: { roundId, title: openData.title, funder: openData.funder, ranking: [], awards: [], awardedFen: 0, unawardedFen: openData.budgetFen } } as GrantRoundEvent;
    spec.given([...history, awarded]).when({ type: 'AwardGrantRound', data: { roundId } }).thenThrows('GRANT_ROUND_ALREADY_AWARDED');
    spec.given([...history, awarded]).when({ type: 'WithdrawGrantApplication', data: { roundId, applicationId: 'app-3', reason: '再撤' } }).thenThrows('GRANT_ROUND_ALREADY_AWARDED');
  });

  it('refuses commands on a round never opened', () => {
    spec.given([]).when({ type: 'AwardGrantRound', data: { roundId } }).thenThrows('GRANT_ROUND_NOT_FOUND');
  });
});

describe('grant round: review completeness (评审) and recusal (回避)', () => {
  const other = { ...agency, organisationId: 'org-b', name: '乙机构' };
  const r = (n: number): GrantReviewerFacts => ({ account: `https://id.example#r${n}`, organisationId: null, employerOrganisationId: null });
  const award: GrantRoundCommand = { type: 'AwardGrantRound', data: { roundId } };
  const recuse = (applicationId: string, reviewer: GrantReviewerFacts, reason = 'conflict_of_interest'): GrantRoundCommand =>
    ({ type: 'RecuseGrantReviewer', data: { roundId, applicationId, reviewerAccount: reviewer.account, reason } as never });
  const recused = (applicationId: string, reviewerNumber: number, reason = 'conflict_of_interest'): GrantRoundEvent =>
    ({ type: 'GrantReviewerRecused', data: { roundId, applicationId, reviewerNumber, reason } as never });
  // Four reviewers; r4 declared a tie to org-b.
  const panel = [opened, appointed(1, r(1).account), appointed(2, r(2).account), appointed(3, r(3).account), appointed(4, r(4).account, ['org-b'])];
  const applications = [submitted('app-1', 1), submitted('app-2', 2, other), closed];

  it('refuses the award while a standing application has fewer than min(3, its eligible reviewers) reviews, naming each', () => {
    const twoEach = [...panel, ...applications, scored('app-1', 1), scored('app-1', 2), scored('app-2', 1), scored('app-2', 2)];
    spec.given(twoEach).when(award, { now: AFTER_DEADLINE }).thenThrows('REVIEWS_INCOMPLETE', {
      applications: [{ applicationId: 'app-1', reviews: 2, required: 3 }, { applicationId: 'app-2', reviews: 2, required: 3 }],
    });
    // A third review of app-1 completes it; app-2 still lacks one (r4's declared tie does not lower three eligible).
    spec.given([...twoEach, scored('app-1', 3)]).when(award, { now: AFTER_DEADLINE }).thenThrows('REVIEWS_INCOMPLETE', { applicationIds: ['app-2'] });
    const [event] = grantRoundDecider.decide(award, [...twoEach, scored('app-1', 3), scored('app-2', 3)].reduce(grantRoundDecider.evolve, grantRoundDecider.initialState()), { now: AFTER_DEADLINE, actor: bureau });
    expect(event!.type).toBe('GrantRoundAwarded');
  });

  it('counts a recusal out of the eligible reviewers: two recused of app-2 leave it needing the two who remain', () => {
    const facts = [...panel, ...applications, recused('app-2', 1), recused('app-2', 2), scored('app-1', 1), scored('app-1', 2), scored('app-1', 3), scored('app-2', 3)];
    // Eligible for app-2: r3 (r4 declared a tie): one review is enough.
    const [event] = grantRoundDecider.decide(award, facts.reduce(grantRoundDecider.evolve, grantRoundDecider.initialState()), { now: AFTER_DEADLINE, actor: bureau });
    expect(event!.type).toBe('GrantRoundAwarded');
  });

  it('holds a stated number whoever recuses: the bureau appoints another reviewer', () => {
    const stated: GrantRoundEvent = { type: 'GrantRoundOpened', data: { ...(opened.data as GrantRoundOpenedData), reviewsRequired: 2 } };
    spec.given([stated, appointed(1, r(1).account), appointed(2, r(2).account), submitted('app-1', 1), closed, scored('app-1', 1), recused('app-1', 2)])
      .when(award, { now: AFTER_DEADLINE }).thenThrows('REVIEWS_INCOMPLETE', { applications: [{ applicationId: 'app-1', reviews: 1, required: 2 }] });
    spec.given([]).when(open({ reviewsRequired: 0 }), { actor: bureau }).thenThrows('REVIEWS_REQUIRED_INVALID');
    spec.given([]).when(open({ reviewsRequired: 2.5 }), { actor: bureau }).thenThrows('REVIEWS_REQUIRED_INVALID');
    spec.given([]).when(open({ reviewsRequired: 3 }), { actor: bureau }).then([{ type: 'GrantRoundOpened', data: { ...(opened.data as GrantRoundOpenedData), reviewsRequired: 3 } }]);
  });

  it('lets a reviewer refused as tied stand aside with a reason code; it then never scores the application', () => {
    const employed = { ...r(1), employerOrganisationId: 'org-a' };
    spec.given([...panel, ...applications]).when(score('app-1', employed), { now: AFTER_DEADLINE }).thenThrows('REVIEWER_TIED_TO_APPLICANT', { tie: 'employer' });
    spec.given([...panel, ...applications]).when(recuse('app-1', r(1), 'employment'), { now: AFTER_DEADLINE }).then([recused('app-1', 1, 'employment')]);
    spec.given([...panel, ...applications, recused('app-1', 1)]).when(score('app-1', r(1)), { now: AFTER_DEADLINE }).thenThrows('REVIEWER_RECUSED');
    // Before the close too: a reviewer may stand aside as soon as it sees the application.
    spec.given([...panel, submitted('app-1', 1)]).when(recuse('app-1', r(2), 'kinship'), { now: BEFORE_DEADLINE }).then([recused('app-1', 2, 'kinship')]);
  });

  it('refuses a recusal with an unknown reason, twice, after scoring, by a stranger, of an unknown or withdrawn application, or once awarded', () => {
    const facts = [...panel, ...applications];
    spec.given(facts).when(recuse('app-1', r(1), 'tired')).thenThrows('RECUSAL_REASON_INVALID');
    spec.given(facts).when(recuse('app-1', r(1), '')).thenThrows('RECUSAL_REASON_INVALID');
    spec.given([...facts, recused('app-1', 1)]).when(recuse('app-1', r(1))).thenThrows('ALREADY_RECUSED');
    spec.given([...facts, scored('app-1', 1)]).when(recuse('app-1', r(1))).thenThrows('ALREADY_SCORED');
    spec.given(facts).when(recuse('app-1', r(9))).thenThrows('NOT_A_REVIEWER');
    spec.given(facts).when(recuse('constructor', r(1))).thenThrows('GRANT_APPLICATION_NOT_FOUND');
    const withdrawn: GrantRoundEvent = { type: 'GrantApplicationWithdrawn', data: { roundId, applicationId: 'app-1', organisationId: 'org-a', reason: '机构调整' } };
    spec.given([...facts, withdrawn]).when(recuse('app-1', r(1))).thenThrows('GRANT_APPLICATION_WITHDRAWN');
    const awarded = { type: 'GrantRoundAwarded', data: { roundId, title: openData.title, funder: openData.funder, ranking: [], awards: [], awardedFen: 0, unawardedFen: openData.budgetFen } } as GrantRoundEvent;
    spec.given([...facts, awarded]).when(recuse('app-1', r(1))).thenThrows('GRANT_ROUND_ALREADY_AWARDED');
  });
});

describe('grant round: after the review deadline (no round stuck for want of reviews)', () => {
  const other = { ...agency, organisationId: 'org-b', name: '乙机构' };
  const r = (n: number): GrantReviewerFacts => ({ account: `https://id.example#r${n}`, organisationId: null, employerOrganisationId: null });
  const award: GrantRoundCommand = { type: 'AwardGrantRound', data: { roundId } };
  const appoint = (account: string): GrantRoundCommand => ({ type: 'AppointGrantReviewer', data: { roundId, reviewerAccount: account, declaredTies: [] } });
  const awardedData = (facts: GrantRoundEvent[]) => {
    const [event] = grantRoundDecider.decide(award, facts.reduce(grantRoundDecider.evolve, grantRoundDecider.initialState()), { now: AFTER_REVIEWS, actor: bureau });
    return (event as Extract<GrantRoundEvent, { type: 'GrantRoundAwarded' }>).data;
  };

  it('(A) a reviewer who never scored: refused before the deadline, awarded after it on the reviews present, the shortfall recorded', () => {
    const facts = [opened, appointed(1, r(1).account), appointed(2, r(2).account), submitted('app-1', 1), submitted('app-2', 2, other), closed,
      scored('app-1', 1), scored('app-1', 2), scored('app-2', 1)]; // r2 never scored app-2
    spec.given(facts).when(award, { now: AFTER_DEADLINE }).thenThrows('REVIEWS_INCOMPLETE', { applications: [{ applicationId: 'app-2', reviews: 1, required: 2 }] });
    // After the deadline no one can score it, nor join to score it.
    spec.given(facts).when(score('app-2', r(2)), { now: AFTER_REVIEWS }).thenThrows('REVIEW_PERIOD_OVER');
    spec.given(facts).when(appoint(r(3).account), { now: AFTER_REVIEWS }).thenThrows('REVIEW_PERIOD_OVER', { reviewDeadline: openData.reviewDeadline });
    const data = awardedData(facts);
    expect(data.ranking.map((entry) => [entry.applicationId, entry.reviews, entry.reviewsRequired, entry.outcome])).toEqual([['app-1', 2, 2, 'funded'], ['app-2', 1, 2, 'funded']]);
    expect(data.unreviewed).toEqual([]);
  });

  it('(A) with a stated number and a recusal: awarded after the deadline; an application no one scored is listed unreviewed, not ranked', () => {
    const stated: GrantRoundEvent = { type: 'GrantRoundOpened', data: { ...(opened.data as GrantRoundOpenedData), reviewsRequired: 2 } };
    const recusal: GrantRoundEvent = { type: 'GrantReviewerRecused', data: { roundId, applicationId: 'app-1', reviewerNumber: 2, reason: 'kinship' } as never };
    const facts = [stated, appointed(1, r(1).account), appointed(2, r(2).account), submitted('app-1', 1), submitted('app-2', 2, other), closed, scored('app-1', 1), recusal];
    spec.given(facts).when(award, { now: AFTER_DEADLINE }).thenThrows('REVIEWS_INCOMPLETE', { applicationIds: ['app-1', 'app-2'] });
    const data = awardedData(facts);
    expect(data.ranking.map((entry) => [entry.applicationId, entry.reviews, entry.reviewsRequired])).toEqual([['app-1', 1, 2]]);
    expect(data.unreviewed).toEqual([{ applicationId: 'app-2', organisationId: 'org-b', reviewsRequired: 2 }]);
    expect(data.awards.map((entry) => entry.applicationId)).toEqual(['app-1']);
  });

  it('(B) a round complete with two reviewers takes no third after the deadline, and is awarded', () => {
    const complete = [opened, appointed(1, r(1).account), appointed(2, r(2).account), submitted('app-1', 1), closed, scored('app-1', 1), scored('app-1', 2)];
    spec.given(complete).when(appoint(r(3).account), { now: AFTER_REVIEWS }).thenThrows('REVIEW_PERIOD_OVER');
    spec.given(complete).when(appoint(r(3).account), { now: AFTER_DEADLINE }).then([appointed(3, r(3).account)]);
    expect(awardedData(complete).ranking.map((entry) => [entry.reviews, entry.reviewsRequired, entry.outcome])).toEqual([[2, 2, 'funded']]);
  });
});
