import { invalid } from '#domain';

/**
 * Keyset pagination: the cursor is the last row's sort key and id, base64url-encoded JSON, tagged
 * with the list it came from so a cursor of one list cannot be replayed on another. Pages never
 * duplicate or omit a row that stays put, whatever is inserted meanwhile.
 */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  cursor?: string;
  /** 1..100, default 20. */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass it back to get the next page; null on the last page. */
  nextCursor: string | null;
}

export type SortValue = string | number;

interface CursorBody {
  l: string;
  s: SortValue;
  i: string;
}

export function encodeCursor(list: string, sort: SortValue, id: string): string {
  const body: CursorBody = { l: list, s: sort, i: id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string): { sort: SortValue; id: string } {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('INVALID_CURSOR', 'The cursor is not one this service issued');
  }
  const candidate = body as Partial<CursorBody> | null;
  if (
    !candidate ||
    candidate.l !== list ||
    typeof candidate.i !== 'string' ||
    (typeof candidate.s !== 'string' && typeof candidate.s !== 'number')
  ) {
    throw invalid('INVALID_CURSOR', 'The cursor does not belong to this list', { list });
  }
  return { sort: candidate.s, id: candidate.i };
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid('INVALID_PAGE_SIZE', `limit must be an integer between 1 and ${MAX_PAGE_SIZE}`, { limit });
  }
  return limit;
}
