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

export const hoursOf = (volunteerId: string, minPosition?: number) =>
  get<{ items: HoursEntry[]; totals?: HoursTotals }>(`/volunteers/${volunteerId}/hours`, minPosition ? { minPosition } : {});

export const confirmHours = (volunteerId: string, entryId: string) => post(`/volunteers/${volunteerId}/hours/${entryId}/confirm`, {});
export const declineHours = (volunteerId: string, entryId: string, reason: string) => post(`/volunteers/${volunteerId}/hours/${entryId}/decline`, { reason });

export type PendingEntry = HoursEntry & { volunteerId: string };

/**
 * Every self-reported entry awaiting confirmation of the volunteers a list query finds (`filters`: a community, or
 * the reader's area), that `keep` accepts (an organisation keeps those on its own projects), oldest first.
 */
export const pendingHoursOf = async (filters: Record<string, string>, minPosition?: number, keep: (entry: PendingEntry) => boolean = () => true): Promise<PendingEntry[]> => {
  const volunteers: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<{ volunteerId: string }>>('/volunteers', { ...filters, limit: 100, cursor, ...(minPosition ? { minPosition } : {}) });
    volunteers.push(...page.items.map((item) => item.volunteerId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const entries = await Promise.all(volunteers.map(async (volunteerId) => (await hoursOf(volunteerId, minPosition)).items.map((entry) => ({ ...entry, volunteerId }))));
  return entries.flat().filter((entry) => entry.status === 'pending' && keep(entry)).sort((a, b) => a.date.localeCompare(b.date));
};
