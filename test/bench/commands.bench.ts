/**
 * Command throughput on the embedded default: ListNeed and MatchDonation commands through the
 * AggregateStore (load -> decide -> append with the expected revision) on a temporary SQLite file.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { domainEventRegistry, donationDecider, needDecider, type CommunityFacts } from '#domain';
import { AggregateStore, openSqliteEventStore, type CommandEnvelope } from '#event-store';
import type { BenchResult } from './matching.bench.js';

const community: CommunityFacts = {
  communityId: 'bench-community',
  name: '基准社区',
  area: { city: 'bench-city', district: 'bench-district', street: 'bench-street', community: 'bench-community' },
  kind: 'urban',
  residents: 8000,
};
/** Matches per donation: a donation's stream grows with each match and is re-read by every command on it. */
const MATCHES_PER_DONATION = 50;

const envelope = (): CommandEnvelope => ({ correlationId: randomUUID(), causationId: null, actor: { id: 'bench', role: 'community_committee' } });

export async function runCommandsBench(commands = 2_000, log: (line: string) => void = console.log): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-bench-'));
  const store = await openSqliteEventStore(join(dir, 'events.db'));
  const aggregates = new AggregateStore(store, domainEventRegistry);
  const results: BenchResult[] = [];
  const record = (name: string, value: number, unit: string, detail?: string) => {
    results.push({ name, value: Math.round(value * 10) / 10, unit, ...(detail === undefined ? {} : { detail }) });
    log(`  ${name.padEnd(44)} ${String(Math.round(value * 10) / 10).padStart(12)} ${unit}${detail === undefined ? '' : `  (${detail})`}`);
  };
  try {
    const donationIds = Array.from({ length: Math.ceil(commands / MATCHES_PER_DONATION) }, (_, index) => `bench-donation-${index}`);
    for (const donationId of donationIds) {
      await aggregates.handle(donationDecider, donationId, {
        type: 'PledgeDonation',
        data: { donationId, donor: { kind: 'enterprise', displayName: '基准企业' }, resource: 'money', amountFen: 100_000_000, description: '', area: community.area },
      }, envelope());
    }

    let start = process.hrtime.bigint();
    for (let index = 0; index < commands; index++) {
      const needId = `bench-need-${index}`;
      await aggregates.handle(needDecider, needId, {
        type: 'ListNeed',
        data: {
          needId, community, category: 'elderly_care', title: '助餐', description: '', urgency: 'medium', beneficiaryRef: `ref-${index}`,
          beneficiaries: 1, requiredSkills: [], amountFen: 10_000, source: 'visit',
        },
      }, envelope());
    }
    const listMillis = Number(process.hrtime.bigint() - start) / 1e6;
    record(`ListNeed x${commands}`, (commands * 1000) / listMillis, 'commands/s', `${Math.round(listMillis)} ms`);

    start = process.hrtime.bigint();
    for (let index = 0; index < commands; index++) {
      const donationId = donationIds[Math.floor(index / MATCHES_PER_DONATION)]!;
      await aggregates.handle(donationDecider, donationId, {
        type: 'MatchDonation',
        data: {
          donationId, matchId: `bench-match-${index}`, amountFen: 10_000,
          target: { kind: 'need', needId: `bench-need-${index}`, category: 'elderly_care', area: community.area },
        },
      }, envelope());
    }
    const matchMillis = Number(process.hrtime.bigint() - start) / 1e6;
    record(`MatchDonation x${commands}`, (commands * 1000) / matchMillis, 'commands/s', `${Math.round(matchMillis)} ms; ${MATCHES_PER_DONATION} matches per donation stream`);
    record('events stored', await store.headPosition(), 'events');
    return results;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCommandsBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
