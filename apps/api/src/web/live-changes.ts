import type { AreaScope, AuthenticatedActor, ReadKind } from '#application';
import type { RowScope } from '#read-models';
import { areasOverlap, matchingPoolRows, readAccess } from '#application';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';

/** The lists a console refreshes, named as their endpoints are. */
export const LIVE_LISTS = ['needs', 'donations', 'projects', 'volunteers', 'social-workers', 'organisations', 'communities', 'matching-pools', 'elders'] as const;
export type LiveList = (typeof LIVE_LISTS)[number];

/** What a reader is told: which list changed, and the position to read it at (`?minPosition=`). No data of the fact itself. */
export interface ListChanged {
  list: LiveList;
  position: number;
}

/** The stream of each aggregate and the list its facts change (`need-…` -> needs; a bid is on `project-…`). */
const LIST_OF_STREAM: readonly [prefix: string, list: LiveList][] = [
  ['need-', 'needs'],
  ['donation-', 'donations'],
  ['project-', 'projects'],
  ['volunteer-', 'volunteers'],
  ['socialworker-', 'social-workers'],
  ['organisation-', 'organisations'],
  ['community-', 'communities'],
  // A pool's gifts (GiftMatched…) carry the gift's target area: the readers of that area hear of them.
  ['matchingpool-', 'matching-pools'],
  ['elder-', 'elders'],
];

/** The read rule of each list (read-access.ts): whom its endpoint gives nothing hears nothing of it either. */
const ROWS_OF_LIST: Readonly<Record<LiveList, (reader: AuthenticatedActor) => RowScope>> = {
  needs: (reader) => rowsOf(reader, 'need'),
  donations: (reader) => rowsOf(reader, 'donation'),
  projects: (reader) => rowsOf(reader, 'project'),
  volunteers: (reader) => rowsOf(reader, 'volunteer'),
  'social-workers': (reader) => rowsOf(reader, 'socialWorker'),
  organisations: (reader) => rowsOf(reader, 'organisation'),
  communities: (reader) => rowsOf(reader, 'community'),
  'matching-pools': (reader) => matchingPoolRows(reader),
  // 特殊困难老年人名册: that someone was put on it or visited is itself not for residents, volunteers or donors.
  elders: (reader) => rowsOf(reader, 'elder'),
};
const rowsOf = (reader: AuthenticatedActor, kind: ReadKind): RowScope => readAccess(reader, kind).rows;

/**
 * Whether `reader` may read `list` at all (its rows are not nothing). A volunteer always reads the volunteers
 * list's changes: its own record is among them (an assignment made by its coordinator), and a volunteer that
 * registered itself is its record's owner by account (read-access.ts `ownsRecord`), which the list rule cannot see.
 */
export const readsList = (reader: AuthenticatedActor, list: LiveList): boolean =>
  (list === 'volunteers' && reader.role === 'volunteer') || ROWS_OF_LIST[list](reader).nothing !== true;

/** The list a fact changes, or null for streams no list shows (the service's own bookkeeping). */
export const listOfStream = (streamId: string): LiveList | null => LIST_OF_STREAM.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? null;

const isArea = (value: unknown): value is AreaScope =>
  typeof value === 'object' && value !== null && typeof (value as { city?: unknown }).city === 'string';

/**
 * The areas a fact concerns: its own `area` (needs, donations, projects…), the area of what a match sends a
 * gift to (`target.area`), and the area of whoever acted. A reader hears of the fact when one of them lies
 * inside its scope or contains it (a committee hears of a district-wide project; another community's need
 * stays unheard of), or when the reader acted itself.
 */
export const concerns = (event: RecordedEvent, reader: AuthenticatedActor): boolean => {
  const actor = event.metadata.actor;
  if (actor.id === reader.id && (actor.issuer === undefined || actor.issuer === reader.issuer)) return true;
  const data = (event.data ?? {}) as { area?: unknown; target?: { area?: unknown } };
  const areas = [data.area, data.target?.area, actor.role === 'system' ? undefined : actor.area].filter(isArea);
  return areas.some((area) => areasOverlap(reader.area, area));
};

type Listener = (event: RecordedEvent) => void;

/**
 * One live subscription to the log for every connected console (not one per reader), started at the head
 * when the first reader arrives and closed when the last leaves. Readers get facts stored after they connected.
 */
export class LiveChanges {
  private readonly listeners = new Set<Listener>();
  private subscription: Subscription | null = null;

  constructor(private readonly store: EventStore) {}

  /** Calls `listener` with each fact stored from now on; the returned function stops it. */
  async listen(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    if (!this.subscription) await this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  private async start(): Promise<void> {
    const subscription = this.store.subscribeToAll({ after: await this.store.headPosition() });
    this.subscription = subscription;
    void (async () => {
      try {
        for await (const event of subscription) for (const listener of this.listeners) listener(event);
      } catch {
        // The store closed under the subscription (shutdown): readers' streams end with the process.
      }
    })();
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close();
  }
}
