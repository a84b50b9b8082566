import { describe, expect, it } from '@jest/globals';
import { DemoClient } from './demo-client.js';
import type { DemoHttp, DemoRequest, DemoResponse } from './demo-http.js';

/** An API that answers from a script and records what it was sent. */
const scripted = (...answers: DemoResponse[]) => {
  const sent: { method: string; path: string; request?: DemoRequest }[] = [];
  const http: DemoHttp = {
    async request(method, path, request) {
      sent.push({ method, path, request });
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected ${method} ${path}`);
      return answer;
    },
  };
  return { http, sent };
};
const answer = (position: number, replayed = false): DemoResponse => ({
  status: 201,
  body: { id: 'need-1', streamId: 'need-need-1', revision: 0, position, events: replayed ? [] : [{ eventId: 'e', type: 'NeedListed', revision: 0, position }], replayed },
  headers: {},
});
const refusal = (status: number, code: string, details?: object): DemoResponse => ({ status, body: { statusCode: status, code, message: code, ...(details ? { details } : {}) }, headers: {} });
const bureau = { id: 'bureau', role: 'civil_affairs_bureau' };

describe('DemoClient', () => {
  it('sends the actor, the Idempotency-Key and the key as correlation id, and counts what was stored', async () => {
    const { http, sent } = scripted(answer(7), answer(7, true));
    const client = new DemoClient(http);
    await client.command('/needs', { title: '助餐' }, bureau, 'demo:need:1');
    await client.command('/needs', { title: '助餐' }, bureau, 'demo:need:1');
    expect(sent[0]!.request).toEqual({
      body: { title: '助餐' },
      headers: { 'idempotency-key': 'demo:need:1', 'x-correlation-id': 'demo:need:1' },
      actor: bureau,
    });
    expect(client.stats).toMatchObject({ commands: 2, replayed: 1, events: 1 });
    expect(client.rerun).toBe(true);
    expect(client.position).toBe(7);
  });

  it('retries a lost race and a dropped connection with the same key, then succeeds', async () => {
    let calls = 0;
    const http: DemoHttp = {
      async request(_method, _path, request) {
        calls++;
        expect(request?.headers?.['idempotency-key']).toBe('demo:bid:1');
        if (calls === 1) throw new Error('socket hang up');
        if (calls === 2) return refusal(409, 'CONCURRENCY_CONFLICT');
        return answer(9);
      },
    };
    const client = new DemoClient(http);
    await expect(client.command('/projects/p/bids', {}, bureau, 'demo:bid:1')).resolves.toMatchObject({ position: 9 });
    expect(client.stats).toMatchObject({ commands: 1, retries: 2 });
  });

  it('does not retry a refusal by a rule: the command fails with the answer', async () => {
    const client = new DemoClient(scripted(refusal(422, 'DONATION_BALANCE_EXCEEDED')).http);
    await expect(client.command('/donations/d/match', {}, bureau, 'demo:match:1')).rejects.toThrow(/422.*DONATION_BALANCE_EXCEEDED/);
  });

  it('records an expected refusal with its rule, and fails when the command is not refused as expected', async () => {
    const client = new DemoClient(scripted(refusal(422, 'BIDDER_NOT_ELIGIBLE', { rule: 7 }), answer(3)).http);
    await client.refusal('mass organisation bids', '/projects/p/bids', {}, bureau, 'demo:bid:2', { code: 'BIDDER_NOT_ELIGIBLE' });
    expect(client.refusals).toEqual([{ what: 'mass organisation bids', code: 'BIDDER_NOT_ELIGIBLE', rule: 7 }]);
    await expect(client.refusal('again', '/projects/p/bids', {}, bureau, 'demo:bid:3', { code: 'BIDDER_NOT_ELIGIBLE' })).rejects.toThrow(/expected BIDDER_NOT_ELIGIBLE, got 201/);
  });

  it('accepts the re-run refusal only once the run turned out to be a re-run', async () => {
    const first = new DemoClient(scripted(refusal(409, 'BIDDING_CLOSED')).http);
    await expect(first.refusal('late bid', '/projects/p/bids', {}, bureau, 'k', { code: 'BIDDER_NOT_ELIGIBLE', onRerun: 'BIDDING_CLOSED' })).rejects.toThrow(/expected BIDDER_NOT_ELIGIBLE,/);
    const rerun = new DemoClient(scripted(answer(1, true), refusal(409, 'BIDDING_CLOSED')).http);
    await rerun.command('/needs', {}, bureau, 'k0');
    await rerun.refusal('late bid', '/projects/p/bids', {}, bureau, 'k', { code: 'BIDDER_NOT_ELIGIBLE', onRerun: 'BIDDING_CLOSED' });
    expect(rerun.stats.refused).toBe(1);
  });

  it('settles by waiting for the head position the service reports', async () => {
    const { http, sent } = scripted(
      { status: 200, body: { eventStore: { headPosition: 42 } }, headers: {} },
      { status: 504, body: { code: 'READ_MODEL_NOT_CAUGHT_UP' }, headers: {} },
      { status: 200, body: { items: [], nextCursor: null }, headers: {} },
    );
    const client = new DemoClient(http);
    expect(await client.settle()).toBe(42);
    expect(sent.map(({ path }) => path)).toEqual(['/health', '/communities?limit=1&minPosition=42', '/communities?limit=1&minPosition=42']);
  });
});
