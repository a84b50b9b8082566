import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '#event-store';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { runScenario } from './read-model-scenario.js';

/** Keys whose string values (or array items) are identifiers a copy must rename. */
const ID_KEY = /(^id$|Id$)/;
const IDS_KEY = /Ids$/;

function collectIds(value: unknown, ids: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (ID_KEY.test(key) || key === 'community') ids.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (IDS_KEY.test(key) && typeof item === 'string') ids.add(item);
      else collectIds(item, ids);
    }
    return;
  }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectIds(v, ids, k);
}

function renameIds(value: unknown, ids: ReadonlySet<string>, suffix: string): unknown {
  if (typeof value === 'string') return ids.has(value) ? `${value}~${suffix}` : value;
  if (Array.isArray(value)) return value.map((item) => renameIds(item, ids, suffix));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [ids.has(k) ? `${k}~${suffix}` : k, renameIds(v, ids, suffix)]));
  }
  return value;
}

/**
 * The read-model scenario's events, run once, and a function answering its copy number `copy` (every
 * identifier renamed with the copy's suffix, as appendScenarioCopies stores them): lets a bench fold
 * the same log in process without storing it.
 */
export async function scenarioCopier(): Promise<{ readonly length: number; copy(copy: number): RecordedEvent[] }> {
  const source = new InMemoryEventStore();
  await runScenario(source);
  const scenario: RecordedEvent[] = await source.readAll();
  const ids = new Set<string>();
  for (const event of scenario) collectIds(event.data, ids);
  return {
    length: scenario.length,
    copy: (copy) => {
      const suffix = copy.toString(36);
      return scenario.map((event) => ({ ...event, streamId: `${event.streamId}~${suffix}`, data: renameIds(event.data, ids, suffix) }));
    },
  };
}

/**
 * Stores copies of the read-model scenario's events (every kind of fact, decided once by the real
 * deciders) until `events` are stored, every identifier renamed per copy (a new community, its
 * needs, its projects...), each copy in its original order; answers the head position. `writers`
 * copies are appended at once, as several API processes would; `firstCopy` continues a log.
 */
export async function appendScenarioCopies(store: EventStore, events: number, options: { writers?: number; firstCopy?: number } = {}): Promise<number> {
  const writers = options.writers ?? 1;
  const source = new InMemoryEventStore();
  await runScenario(source);
  const scenario: RecordedEvent[] = await source.readAll();
  const ids = new Set<string>();
  for (const event of scenario) collectIds(event.data, ids);
  const first = options.firstCopy ?? 0;
  const copies = first + Math.ceil(events / scenario.length);
  let next = first;
  const writer = async () => {
    for (let copy = next++; copy < copies; copy = next++) {
      const suffix = copy.toString(36);
      const count = Math.min(scenario.length, events - (copy - first) * scenario.length);
      for (const event of scenario.slice(0, count)) {
        await store.append(
          `${event.streamId}~${suffix}`,
          [{ eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: renameIds(event.data, ids, suffix), metadata: event.metadata }],
          'any',
        );
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return store.headPosition();
}

