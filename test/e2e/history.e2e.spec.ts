import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

interface Entry {
  revision: number;
  type: string;
  occurredAt: string;
  occurredAtBeijing: string;
  actor: { id: string | null; role: string; roleLabel: string; hidden: boolean };
  summary: string;
  data: Record<string, unknown>;
}

describe('the history of a record over HTTP (issue 12 item 1)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  const history = async (path: string, headers: Record<string, string> = actor('community_committee', 'reader-committee')) =>
    (await app.http().get(`${path}/history`).set(headers).expect(200)).body as { record: { streamId: string }; entries: Entry[]; personalDataHidden: boolean };

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app, 'hist');
  });
  afterAll(async () => {
    await app.close();
  });

  it("tells a need's facts in order, in Chinese, with Beijing time and the actor and role of each stored event", async () => {
    const { record, entries } = await history(`/needs/${flow.ids.need}`);
    const stored = await app.service.infrastructure.eventStore.readStream(`need-${flow.ids.need}`);
    expect(record.streamId).toBe(`need-${flow.ids.need}`);
    expect(entries.map((entry) => entry.type)).toEqual(stored.map((event) => event.type));
    expect(entries.map((entry) => entry.type)).toEqual(['NeedListed', 'NeedVerified', 'NeedCoveredByProject', 'NeedMatched']);
    expect(entries[0]!.summary).toBe('居委会 hist-committee 发布需求：独居老人助餐，1 人（养老服务，紧急程度高，来源走访，资金缺口 2,000.00 元，每周 2 小时）');
    expect(entries[1]!.summary).toBe('居委会 hist-committee 核实需求');
    // The cover and the match are the policies' follow-ups: the system acted.
    expect(entries[2]).toMatchObject({ actor: { role: 'system', roleLabel: '系统' }, summary: expect.stringContaining(`纳入项目 ${flow.ids.project}`) });
    expect(entries[3]!.summary).toContain(`对接资源：捐赠 ${flow.ids.donation}，2,000.00 元（首次对接）`);
    entries.forEach((entry, index) => {
      expect(entry.revision).toBe(index);
      expect(entry.occurredAt).toBe(stored[index]!.metadata.occurredAt);
      expect(entry.actor).toMatchObject({ id: stored[index]!.metadata.actor.id, role: stored[index]!.metadata.actor.role, hidden: false });
      // Beijing is UTC+8 all year: the same instant, its wall clock eight hours on.
      expect(entry.occurredAtBeijing).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(Date.parse(entry.occurredAtBeijing)).toBe(Math.floor(Date.parse(entry.occurredAt) / 1000) * 1000);
    });
  });

  it('serves every record type, each starting with the fact that created it', async () => {
    const cases: [string, string, string][] = [
      [`/donations/${flow.ids.donation}`, 'DonationPledged', '认捐资金：厦门鹭岛科技有限公司（企业）6,000.00 元，定向 养老服务 siming'],
      [`/projects/${flow.ids.project}`, 'ProjectDesigned', '设计项目：中华街道社会工作服务站（街道社工站，养老服务、社会救助，预算 1,500,000.00 元'],
      [`/organisations/${flow.ids.agency}`, 'OrganisationRegistered', '登记社工机构：思明区鹭岛社会工作服务中心'],
      [`/communities/${flow.ids.community}`, 'CommunityRegistered', '登记社区：中华社区（城市社区，9800 人，3700 户）'],
      [`/volunteers/${flow.ids.volunteer}`, 'VolunteerRegistered', '实名登记志愿者'],
      [`/social-workers/${flow.ids.socialWorkers[1]}`, 'SocialWorkerRegistered', '登记社工'],
    ];
    for (const [path, type, words] of cases) {
      const { entries } = await history(path, actor('civil_affairs_bureau', 'reader-bureau'));
      expect({ path, type: entries[0]!.type }).toEqual({ path, type });
      expect(entries[0]!.summary).toContain(words);
    }
    const project = await history(`/projects/${flow.ids.project}`);
    expect(project.entries.map((entry) => entry.type)).toEqual(expect.arrayContaining(['OrganisationContracted', 'ServiceDelivered']));
    expect(project.entries.find((entry) => entry.type === 'OrganisationContracted')!.summary).toContain('与 思明区鹭岛社会工作服务中心');
    expect(project.entries.find((entry) => entry.type === 'ServiceDelivered')!.summary).toContain('4 小时，服务 12 人');
    const certified = await history(`/social-workers/${flow.ids.socialWorkers[1]}`);
    expect(certified.entries.map((entry) => entry.summary)).toContain('民政局 hist-bureau 取得社会工作师证书（201935000123，2019-11-02）');
  });

  it('shows person references and the account of a person acting for themself only to who may see the person', async () => {
    // The committee of the area sees the volunteer who registered herself, and the need's beneficiary reference.
    const byCommittee = await history(`/volunteers/${flow.ids.volunteer}`);
    expect(byCommittee.personalDataHidden).toBe(false);
    expect(byCommittee.entries[0]).toMatchObject({ actor: { id: 'hist-volunteer', role: 'volunteer', hidden: false }, data: { personRef: expect.any(String) } });

    // Another organisation's staff coordinate volunteers of the city but may not see the person: the volunteer's account and reference are left out.
    const byDonor = await history(`/volunteers/${flow.ids.volunteer}`, staffOf(flow.ids.rival, 'someone-else'));
    expect(byDonor.personalDataHidden).toBe(true);
    expect(byDonor.entries[0]!.actor).toEqual({ id: null, role: 'volunteer', roleLabel: '志愿者', hidden: true });
    expect(byDonor.entries[0]!.summary.startsWith('志愿者（身份不公开） 实名登记志愿者')).toBe(true);
    expect(byDonor.entries[0]!.data).not.toHaveProperty('personRef');
    expect(byDonor.entries.map((entry) => [entry.actor.id, entry.summary].join(' ')).join('\n')).not.toContain('hist-volunteer');

    // The volunteer herself sees her own account on her own facts.
    const bySelf = await history(`/volunteers/${flow.ids.volunteer}`, actor('volunteer', 'hist-volunteer'));
    expect(bySelf.entries[0]!.actor).toMatchObject({ id: 'hist-volunteer', hidden: false });

    // A volunteer sees the need on the notice board: its history in that form, without data (history-read-rule.e2e.spec.ts).
    const need = await history(`/needs/${flow.ids.need}`, actor('volunteer', 'a-volunteer'));
    expect(need.entries[0]!.data).toEqual({});
    expect(need.entries[0]!.summary).toContain('发布需求：独居老人助餐，1 人');
    // No name ever: events hold none, and the history reads only events.
    for (const path of [`/needs/${flow.ids.need}`, `/volunteers/${flow.ids.volunteer}`, `/social-workers/${flow.ids.socialWorkers[0]}`]) {
      const text = JSON.stringify(await history(path));
      for (const name of ['陈阿婆', '吴海燕', '林晓鹭', '13700001111']) expect(text).not.toContain(name);
    }
  });

  it('answers 404 with the detail\'s code for an unknown record, and 401 without a token', async () => {
    const cases: [string, string][] = [
      ['/needs/ghost', 'NEED_NOT_FOUND'],
      ['/donations/ghost', 'DONATION_NOT_FOUND'],
      ['/projects/ghost', 'PROJECT_NOT_FOUND'],
      ['/organisations/ghost', 'ORGANISATION_NOT_FOUND'],
      ['/communities/ghost', 'COMMUNITY_NOT_FOUND'],
      ['/volunteers/ghost', 'VOLUNTEER_NOT_FOUND'],
      ['/social-workers/ghost', 'SOCIAL_WORKER_NOT_FOUND'],
    ];
    for (const [path, code] of cases) {
      const answer = await app.http().get(`${path}/history`).expect(404);
      expect({ path, code: answer.body.code }).toEqual({ path, code });
    }
    const anonymous = await app.anonymous().get(`/needs/${flow.ids.need}/history`).expect(401);
    expect(anonymous.body.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it('is documented in OpenAPI for every record type, protected', async () => {
    const document = (await app.http().get('/docs-json').expect(200)).body as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    for (const path of ['/needs/{needId}', '/donations/{donationId}', '/projects/{projectId}', '/organisations/{organisationId}', '/communities/{communityId}', '/volunteers/{volunteerId}', '/social-workers/{socialWorkerId}']) {
      const operation = document.paths[`${path}/history`]?.get;
      expect({ path, responses: Object.keys(operation?.responses ?? {}).sort() }).toEqual({ path, responses: ['200', '401', '403', '404'] });
    }
  });
});
