/**
 * A giving day: 50 concurrent 500-yuan matches against one 10,000-yuan donation, through the real
 * donation decider and the AggregateStore, on every SQL store. Every command is decided by the
 * domain: the 20 that fit are accepted, the other 30 refused with DONATION_BALANCE_EXCEEDED (422),
 * none with CONCURRENCY_CONFLICT (409).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DomainError, domainEventRegistry, donationDecider } from '#domain';
import { AggregateStore, type CommandEnvelope, type EventStore, openSqliteEventStore } from '#event-store';
import { postgresSkippedOnPurpose, postgresSuiteSchema } from '../../libs/event-store/src/testing/postgres-availability.js';

const CONNECTION_STRING = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const area = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' };
const DONATION_FEN = 1_000_000; // 10,000 yuan
const MATCH_FEN = 50_000; // 500 yuan
const COMMANDS = 50;

const envelope = (): CommandEnvelope => ({ correlationId: randomUUID(), causationId: null, actor: { id: 'giving-day', role: 'community_committee' } });

interface Outcome {
  accepted: number;
  refused: Record<string, number>;
  donationEvents: number;
}

/** Pledges one donation, then sends all matches at once, spread over the given command handlers (one per process). */
export async function givingDay(handlers: readonly AggregateStore[], store: EventStore, commands = COMMANDS): Promise<Outcome> {
  const donationId = `giving-day-${randomUUID().slice(0, 8)}`;
  await handlers[0]!.handle(
    donationDecider,
    donationId,
    { type: 'PledgeDonation', data: { donationId, donor: { kind: 'enterprise', displayName: '厦门某科技有限公司' }, resource: 'money', amountFen: DONATION_FEN, description: '', area } },
    envelope(),
  );
  const outcomes = await Promise.allSettled(
    Array.from({ length: commands }, (_, index) =>
      handlers[index % handlers.length]!.handle(
        donationDecider,
        donationId,
        {
          type: 'MatchDonation',
          data: { donationId, matchId: `match-${index}`, amountFen: MATCH_FEN, target: { kind: 'need', needId: `need-${index}`, category: 'elderly_care', area } },
        },
        envelope(),
      ),
    ),
  );
  const refused: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    const code = String((outcome.reason as { code?: unknown }).code ?? (outcome.reason as Error).message);
    refused[code] = (refused[code] ?? 0) + 1;
    if (code === 'DONATION_BALANCE_EXCEEDED') expect(outcome.reason).toBeInstanceOf(DomainError);
  }
  const donationEvents = (await store.readStream(`${donationDecider.streamPrefix}-${donationId}`)).length;
  return { accepted: outcomes.filter((outcome) => outcome.status === 'fulfilled').length, refused, donationEvents };
}

const expectEveryCommandDecided = (outcome: Outcome) => {
  expect(outcome).toEqual({ accepted: 20, refused: { DONATION_BALANCE_EXCEEDED: 30 }, donationEvents: 1 + 20 });
};

describe('50 matches against one donation: SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-contention-'));
  const stores: EventStore[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the 20 that fit and refuses 30 with DONATION_BALANCE_EXCEEDED, no conflict', async () => {
    const store = await openSqliteEventStore(join(dir, 'one.sqlite'));
    stores.push(store);
    expectEveryCommandDecided(await givingDay([new AggregateStore(store, domainEventRegistry)], store));
  });

  it('decides every command when two connections (processes) share the file', async () => {
    const path = join(dir, 'two.sqlite');
    const [a, b] = [await openSqliteEventStore(path), await openSqliteEventStore(path)];
    stores.push(a, b);
    expectEveryCommandDecided(await givingDay([new AggregateStore(a, domainEventRegistry), new AggregateStore(b, domainEventRegistry)], a));
  });
});

if (postgresSkippedOnPurpose('the PostgreSQL contention suite')) {
  describe.skip('50 matches against one donation: PostgreSQL (SKIP_POSTGRES=1)', () => it('runs against the real server in CI', () => undefined));
} else {
  describe('50 matches against one donation: PostgreSQL', () => {
    const { open } = postgresSuiteSchema('es_contention', CONNECTION_STRING);

    it('accepts the 20 that fit and refuses 30 with DONATION_BALANCE_EXCEEDED, no conflict', async () => {
      const store = await open();
      expectEveryCommandDecided(await givingDay([new AggregateStore(store, domainEventRegistry)], store));
    });

    it('decides every command when two processes (own pools, own handlers) send them', async () => {
      const [a, b] = [await open(), await open()];
      expectEveryCommandDecided(await givingDay([new AggregateStore(a, domainEventRegistry), new AggregateStore(b, domainEventRegistry)], a));
    });
  });
}
