import { offers } from './capabilities';
import { get, post, type Page } from './client';

/**
 * A volunteer's hours (GET /volunteers/{volunteerId}/hours): self-reported entries wait for the coordinator (its
 * community committee) to confirm or decline them; hours from a checked-in service session come confirmed.
 */
export interface HoursEntry {
  entryId: string;
  /** The Beijing date served. */
  date: string;
  hours: number;
  status: 'pending' | 'confirmed' | 'declined';
  source: 'self_reported' | 'coordinator' | 'session';
  assignmentId: string;
  /** What the assignment serves: a need (its community committee coordinates) or a project (its contractor does). */
  target: { kind: 'need' | 'project'; id: string };
  /** Typed by someone other than the volunteer or its committee: to be checked. */
  flagged?: boolean;
  declinedBy?: { reason: string } | null;
}
export interface HoursTotals { confirmed: number; pending: number; declined: number }

export const hoursOffered = () => offers('GET /volunteers/{volunteerId}/hours') && offers('POST /volunteers/{volunteerId}/hours/{entryId}/confirm');
/** The coordinator's queue across its volunteers, and the confirm it leads to. */
export const pendingHoursOffered = () => offers('GET /volunteers/hours/pending') && offers('POST /volunteers/{volunteerId}/hours/{entryId}/confirm');

export const hoursOf = (volunteerId: string, minPosition?: number) =>
  get<{ items: HoursEntry[]; totals?: HoursTotals }>(`/volunteers/${volunteerId}/hours`, minPosition ? { minPosition } : {});

export const confirmHours = (volunteerId: string, entryId: string) => post(`/volunteers/${volunteerId}/hours/${entryId}/confirm`, {});
export const declineHours = (volunteerId: string, entryId: string, reason: string) => post(`/volunteers/${volunteerId}/hours/${entryId}/decline`, { reason });

export type PendingEntry = HoursEntry & { volunteerId: string };

/**
 * The self-reported entries awaiting this reader's confirmation (GET /volunteers/hours/pending), oldest first: the
 * API keeps them to what the reader may decide — a committee, its volunteers; an organisation, those on the projects
 * it is contracted for. `filters` narrows further (a community). Every page, following the cursors.
 */
export const pendingHoursOf = async (filters: Record<string, string>, minPosition?: number): Promise<PendingEntry[]> => {
  const entries: PendingEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<PendingEntry>>('/volunteers/hours/pending', { ...filters, limit: 100, cursor, ...(minPosition ? { minPosition } : {}) });
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
};
