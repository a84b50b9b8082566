import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What a hostile tester found in the webhook and matching-pool endpoints: each input here was once
 * accepted (a fact stored) where it should have been refused with a 4xx and a stable code.
 */
describe('hostile input on webhooks and matching pools (e2e)', () => {
  let app: TestApp;
  const committee = actor('community_committee', 'committee-hostile', { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' });
  const donor = actor('donor', 'donor-hostile');

  beforeAll(async () => {
    app = await startTestApp({ READ_WAIT_TIMEOUT_MS: '300' });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Every request is refused with `status` and `code`, and the log does not move. */
  const refusedAll = async (post: (value: string) => Promise<{ status: number; body: { code?: string } }>, values: string[], status: number, code: string) => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const wrong: string[] = [];
    for (const value of values) {
      const { status: answered, body } = await post(value);
      if (answered !== status || body.code !== code) wrong.push(`${value} -> ${answered} ${String(body.code)}`);
    }
    expect(wrong).toEqual([]);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  };
  const subscribe = (url: string) => app.http().post('/webhooks').set(committee).send({ url });

  it('refuses webhook targets that reach a non-public IPv4 address through an IPv6 form or a special-purpose range', async () => {
    await refusedAll(subscribe, [
      'http://[::127.0.0.1]/x', // IPv4-compatible loopback
      'http://[::ffff:0:7f00:1]/x', // IPv4-translated loopback
      'http://[64:ff9b::a00:1]/x', // NAT64 of 10.0.0.1
      'http://[64:ff9b:1::a9fe:a9fe]/x', // local-use NAT64 of 169.254.169.254
      'http://[2002:7f00:1::1]/x', // 6to4 of 127.0.0.1
      'http://[2002:c0a8:101::1]/x', // 6to4 of 192.168.1.1
      'http://[fec0::1]/x', // site-local
      'http://[2001:db8::1]/x', // documentation
      'http://198.18.0.1/x', // benchmarking
      'http://192.0.0.170/x', // special purpose (NAT64 discovery)
      'http://192.0.2.1/x', // documentation
    ], 422, 'WEBHOOK_URL_NOT_ALLOWED');
  });

  it('refuses port 0, which nothing listens on', async () => {
    await refusedAll(subscribe, ['http://hooks.example.org:0/x', 'https://hooks.example.org:0/'], 400, 'WEBHOOK_URL_INVALID');
  });

  it('still accepts public IPv6 targets and keeps the URL as it will be sent to', async () => {
    const mapped = await subscribe('http://[::ffff:8.8.8.8]/x').expect(201);
    expect(mapped.body.subscription.url).toBe('http://[::ffff:808:808]/x');
    await subscribe('https://[2606:4700:4700::1111]/x').expect(201);
    const odd = await subscribe(' HTTP://Hooks.Example.ORG:80/a b').expect(201);
    expect(odd.body.subscription.url).toBe('http://hooks.example.org/a%20b');
    const slashes = await subscribe('http:/\\hooks.example.org').expect(201);
    expect(slashes.body.subscription.url).toBe('http://hooks.example.org/');
    const read = await app.http().get(`/webhooks/${odd.body.id as string}`).set(committee).expect(200);
    expect(read.body.url).toBe('http://hooks.example.org/a%20b');
  });

  const pool = (overrides: Record<string, unknown>) => ({
    sponsor: { kind: 'enterprise', displayName: '厦门某科技有限公司' },
    pledgedFen: 100_000,
    ratio: { gift: 1, match: 1 },
    perDonorCapFen: 1_000,
    perTargetCapFen: 5_000,
    opensAt: '2099-09-07T00:00',
    closesAt: '2099-09-10T00:00',
    area: { city: 'xiamen' },
    ...overrides,
  });
  const pledge = (body: object) => app.http().post('/matching-pools').set(donor).send(body);

  it('refuses a matching pool whose cap is larger than the pool', async () => {
    await refusedAll((body) => pledge(JSON.parse(body) as object), [
      JSON.stringify(pool({ perDonorCapFen: 100_001 })),
      JSON.stringify(pool({ perTargetCapFen: 10_000_000 })),
    ], 400, 'POOL_CAP_INVALID');
    await pledge(pool({ perDonorCapFen: 100_000, perTargetCapFen: 100_000 })).expect(201);
  });

  it('refuses an area with a gap in the tree (a street without its district)', async () => {
    await refusedAll((body) => pledge(JSON.parse(body) as object), [
      JSON.stringify(pool({ area: { city: 'xiamen', street: 'zhonghua' } })),
      JSON.stringify(pool({ area: { city: 'xiamen', district: 'siming', community: 'zhonghua-1' } })),
    ], 400, 'AREA_INVALID');
  });

  it('refuses area codes that are not codes (a path separator, dots, spaces), as every other area in the API does', async () => {
    await refusedAll((body) => pledge(JSON.parse(body) as object), [
      JSON.stringify(pool({ area: { city: 'xiamen', district: '../x' } })),
      JSON.stringify(pool({ area: { city: 'xiamen', district: 'siming/zhonghua' } })),
      JSON.stringify(pool({ area: { city: 'xiamen', district: '  ', street: 'zhonghua' } })),
      JSON.stringify(pool({ area: { city: '厦门 ' } })),
    ], 400, 'VALIDATION_FAILED');
    const bureau = actor('civil_affairs_bureau', 'bureau-hostile');
    const community = { communityId: 'hostile-c', name: '某社区', kind: 'urban', residents: 100, households: 40, area: { city: 'xiamen', district: 'siming', street: 'a/b' } };
    const refused = await app.http().post('/communities').set(bureau).send(community).expect(400);
    expect(refused.body.details.fields.map((field: { field: string }) => field.field)).toEqual(['area.street']);
    await app.http().post('/communities').set(bureau).send({ ...community, area: { ...community.area, street: 'zhonghua' } }).expect(201);
  });

  it('answers a read-your-writes position no write reached with 400, not a 504', async () => {
    const pooled = await pledge(pool({})).expect(201);
    const beyond = 999_999_999;
    for (const path of ['/matching-pools', `/matching-pools/${pooled.body.id as string}`, '/needs']) {
      const answer = await app.http().get(path).query({ minPosition: beyond }).set(donor);
      expect([path, answer.status, answer.body.code]).toEqual([path, 400, 'POSITION_NOT_WRITTEN']);
    }
    await app.http().get(`/matching-pools/${pooled.body.id as string}`).query({ minPosition: pooled.body.position as number }).set(donor).expect(200);
  });
});
