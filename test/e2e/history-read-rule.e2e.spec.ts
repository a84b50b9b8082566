import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

interface Entry { type: string; actor: { id: string | null; hidden: boolean }; summary: string; data: Record<string, unknown>; correlationId: string | null }
interface History { view: 'full' | 'public'; entries: Entry[] }

/**
 * A record's history follows the read rule of its detail (libs/application/src/authority/read-access.ts):
 * a reader who gets 404 for the detail gets the very same 404 for the history, indistinguishable
 * from an unknown id; a reader shown the notice-board form gets the notice board's timeline only.
 */
describe('the history of a record follows the read rule of its detail (e2e)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  const ids = { pool: '', round: '', personRef: '' };
  const siming = { city: 'xiamen', district: 'siming' };
  const quanzhou = { city: 'quanzhou' };
  /** Every role, from another city: none may learn anything of a Xiamen record. */
  const farReaders: [string, Record<string, string>][] = [
    ['bureau', actor('civil_affairs_bureau', 'qz-bureau', quanzhou)],
    ['committee', actor('community_committee', 'qz-committee', { ...quanzhou, district: 'fengze', street: 'donghu', community: 'qz-c' })],
    ['charity base', actor('charity_base', 'qz-base', quanzhou)],
    ['auditor', actor('auditor', 'qz-auditor', quanzhou)],
    ['analytics', actor('analytics_reader', 'qz-analytics', quanzhou)],
    ['organisation', actor('social_organisation', 'qz-staff', quanzhou, 'qz-org')],
    ['social worker', actor('social_worker', 'qz-worker', quanzhou, 'qz-org', 'qz-sw')],
    ['volunteer', actor('volunteer', 'qz-volunteer', quanzhou, undefined, 'qz-v')],
    ['donor', actor('donor', 'qz-donor', quanzhou)],
    ['resident', actor('resident', 'qz-resident', quanzhou)],
  ];
  /** Readers inside the city whose form of a record varies with their role. */
  const nearReaders = (): [string, Record<string, string>][] => [
    ['district bureau', actor('civil_affairs_bureau', 'hr-near-bureau', siming)],
    ['charity base', actor('charity_base', 'hr-near-base', { city: 'xiamen' })],
    ['analytics', actor('analytics_reader', 'hr-near-analytics', { city: 'xiamen' })],
    ['donor', actor('donor', 'hr-near-donor', { city: 'xiamen' })],
    ['volunteer', actor('volunteer', 'hr-near-volunteer', { city: 'xiamen' })],
    ['rival staff', staffOf(flow.ids.rival)],
    ['huli committee', actor('community_committee', 'hr-huli', { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'x' })],
  ];
  const records = (): [kind: string, path: string][] => [
    ['need', `/needs/${flow.ids.need}`],
    ['donation', `/donations/${flow.ids.donation}`],
    ['matching pool', `/matching-pools/${ids.pool}`],
    ['grant round', `/grant-rounds/${ids.round}`],
    ['project', `/projects/${flow.ids.project}`],
    ['organisation', `/organisations/${flow.ids.agency}`],
    ['community', `/communities/${flow.ids.community}`],
    ['volunteer', `/volunteers/${flow.ids.volunteer}`],
    ['social worker', `/social-workers/${flow.ids.socialWorkers[0]}`],
  ];
  const ghostOf = (path: string) => path.replace(/\/[^/]+$/, '/hr-ghost-0000');
  const idOf = (path: string) => path.split('/').at(-1)!;
  /** The answer with the asked id replaced, so a real and an unknown id compare as equals. */
  const answer = async (path: string, headers: Record<string, string>) => {
    const response = await app.http().get(path).query({ minPosition: flow.position }).set(headers);
    // Each answer carries its own request's correlation id.
    delete (response.body as { correlationId?: string }).correlationId;
    return { status: response.status, body: JSON.parse(JSON.stringify(response.body).replaceAll(idOf(path.replace(/\/history$/, '')), '<id>')) as unknown };
  };

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app, 'hr');
    const beijing = (offsetMs: number) => new Date(Date.now() + 8 * 3_600_000 + offsetMs).toISOString().slice(0, 16);
    ids.pool = (await app.http().post('/matching-pools').set(actor('donor', 'hr-sponsor', siming)).send({
      sponsor: { kind: 'enterprise', displayName: '厦门某科技有限公司' }, pledgedFen: 10_000, ratio: { gift: 1, match: 1 }, perDonorCapFen: 3_000, perTargetCapFen: 5_000,
      opensAt: beijing(-3_600_000), closesAt: beijing(86_400_000), area: siming,
    }).expect(201)).body.id;
    ids.round = (await app.http().post('/grant-rounds').set(actor('civil_affairs_bureau', 'hr-bureau', siming)).send({
      title: '2027 年思明区社区公益创投', funder: { kind: 'civil_affairs_bureau', name: '思明区民政局' }, area: siming,
      criteria: [{ name: '需求分析', points: 50 }, { name: '项目设计', points: 50 }], budgetFen: 1_000_000, passingScore: 60,
      applicationDeadline: beijing(20 * 86_400_000), reviewDeadline: beijing(40 * 86_400_000),
    }).expect(201)).body.id;
    const [registered] = await app.service.infrastructure.eventStore.readStream(`volunteer-${flow.ids.volunteer}`);
    ids.personRef = (registered!.data as { personRef: string }).personRef;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('answers a reader from another city for a real record exactly as for an unknown id, as the detail does', async () => {
    for (const [kind, path] of records()) {
      for (const [reader, headers] of farReaders) {
        const [detail, history, ghost] = [await answer(path, headers), await answer(`${path}/history`, headers), await answer(`${ghostOf(path)}/history`, headers)];
        expect({ kind, reader, detail: detail.status }).toEqual({ kind, reader, detail: 404 });
        expect({ kind, reader, history }).toEqual({ kind, reader, history: ghost });
        // The history's 404 is the detail's: same code, message and details.
        expect({ kind, reader, history: history.body }).toEqual({ kind, reader, history: detail.body });
      }
    }
  });

  it('serves the history in the form the detail is served in, for every record kind and reader of the city', async () => {
    for (const [kind, path] of records()) {
      for (const [reader, headers] of nearReaders()) {
        const detail = await answer(path, headers);
        const history = await answer(`${path}/history`, headers);
        if (detail.status === 404) {
          expect({ kind, reader, history }).toEqual({ kind, reader, history: await answer(`${ghostOf(path)}/history`, headers) });
          continue;
        }
        expect({ kind, reader, status: history.status }).toEqual({ kind, reader, status: 200 });
        // A grant round's detail keeps its scores for the funder's offices and auditors (read-access.ts, fullForm).
        // A matching pool's gifts only for its sponsor, the bureau and auditors (history-access.ts).
        const form = kind === 'grant round' ? (['district bureau', 'charity base'].includes(reader) ? 'full' : 'public')
          : kind === 'matching pool' ? (reader === 'district bureau' ? 'full' : 'public')
          : ((detail.body as { view?: string }).view ?? 'full');
        expect({ kind, reader, view: (history.body as History).view }).toEqual({ kind, reader, view: form });
      }
    }
  });

  it('shows a notice-board reader the timeline only: no actors, no data, nothing the notice board hides', async () => {
    const volunteer = actor('volunteer', 'hr-near-volunteer', { city: 'xiamen' });
    const read = async (path: string, headers: Record<string, string>) => (await answer(`${path}/history`, headers)).body as History;
    const need = await read(`/needs/${flow.ids.need}`, volunteer);
    expect(need.view).toBe('public');
    expect(need.entries.map((entry) => entry.type)).toEqual(['NeedListed', 'NeedVerified', 'NeedMatched']);
    expect(need.entries[0]!.summary).toBe('居委会 发布需求：独居老人助餐，1 人（养老服务，紧急程度高，资金缺口 2,000.00 元，每周 2 小时）');
    for (const history of [need, await read(`/projects/${flow.ids.project}`, staffOf(flow.ids.rival)), await read(`/donations/${flow.ids.donation}`, volunteer)]) {
      for (const entry of history.entries) expect(entry).toMatchObject({ actor: { id: null, hidden: true }, data: {}, correlationId: null });
      const text = JSON.stringify(history);
      // The need's source and matched resource, the bids and their prices, the contract's terms, the staff and the deliveries' items.
      for (const hidden of ['走访', `捐赠 ${flow.ids.donation}`, '投标：', '1,460,000.00', '结算方式', flow.ids.socialWorkers[0]!, '困难群众帮扶', 'hr-committee', 'hr-agency']) {
        expect({ hidden, found: text.includes(hidden) }).toEqual({ hidden, found: false });
      }
    }
    const project = await read(`/projects/${flow.ids.project}`, staffOf(flow.ids.rival));
    expect(project.entries.map((entry) => entry.type)).not.toContain('BidSubmitted');
    expect(project.entries.find((entry) => entry.type === 'OrganisationContracted')!.summary).toContain('签订购买服务合同');
    // The contractor's own staff read their project in full.
    expect((await read(`/projects/${flow.ids.project}`, staffOf(flow.ids.agency))).view).toBe('full');
  });

  it("shows the contractor its own bid in full and no other bidder's, as the project detail's bids (the 'bid' read rule)", async () => {
    const read = async (headers: Record<string, string>) => (await answer(`/projects/${flow.ids.project}/history`, headers)).body as History;
    const contractor = await read(staffOf(flow.ids.agency));
    expect(contractor.view).toBe('full');
    const bids = contractor.entries.filter((entry) => entry.type === 'BidSubmitted');
    expect(bids.map((entry) => entry.data.organisationId)).toEqual([flow.ids.agency]);
    expect(bids[0]!.data).toMatchObject({ priceFen: 142_000_000, proposal: '驻站服务方案' });
    const text = JSON.stringify(contractor);
    // The rival's organisation is named in no bid fact; its price (1,460,000.00 元) nowhere.
    for (const hidden of ['146000000', '1,460,000.00']) expect({ hidden, found: text.includes(hidden) }).toEqual({ hidden, found: false });
    // The office that awards sees every bid.
    const office = await read(actor('civil_affairs_bureau', 'hr-near-bureau', { city: 'xiamen', district: 'siming' }));
    expect(office.entries.filter((entry) => entry.type === 'BidSubmitted').map((entry) => entry.data.organisationId)).toEqual([flow.ids.agency, flow.ids.rival]);
  });

  it("answers a person's erasure history only to who may see the person, else as an unknown reference", async () => {
    await app.http().delete(`/persons/${ids.personRef}`).set(actor('civil_affairs_bureau', 'hr-eraser', siming)).expect(204);
    const path = `/persons/${ids.personRef}/history`;
    const ghost = `/persons/vault-hr-ghost/history`;
    expect((await answer(path, actor('auditor', 'hr-auditor', siming))).status).toBe(200);
    for (const [reader, headers] of [...farReaders, ['donor', actor('donor', 'hr-near-donor', { city: 'xiamen' })] as [string, Record<string, string>]]) {
      const [real, unknown] = [await answer(path, headers), await answer(ghost, headers)];
      expect({ reader, real: real.status }).toEqual({ reader, real: 404 });
      expect({ reader, real }).toEqual({ reader, real: unknown });
    }
  });
});
