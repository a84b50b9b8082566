import { session, signOut } from './session';
import { ApiError, type ApiErrorBody } from './errors';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Answer of every command: where its facts landed (pass `position` as minPosition to read them). */
export interface CommandAnswer {
  id: string;
  position: number;
  [key: string]: unknown;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export const queryString = (query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/**
 * Every call of the console: the public API with the signed-in user's bearer token, nothing else. A 401
 * signs the user out (the router sends it to 登录); every other refusal becomes an ApiError in Chinese.
 */
export const request = async <T>(method: 'GET' | 'POST', path: string, options: { query?: Query; body?: unknown; raw?: boolean } = {}): Promise<T> => {
  const headers: Record<string, string> = {};
  if (session.value) headers.authorization = `Bearer ${session.value.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path + queryString(options.query), { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new ApiError(0, 'NETWORK_UNAVAILABLE');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({ statusCode: response.status, code: `HTTP_${response.status}` }))) as ApiErrorBody;
    if (response.status === 401) signOut();
    throw new ApiError(response.status, body.code, body.details);
  }
  if (options.raw) return response as T;
  return (await response.json()) as T;
};

export const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query });
export const post = <T = CommandAnswer>(path: string, body?: unknown) => request<T>('POST', path, { body });

/** Downloads an authenticated GET (an export) as a file. */
export const download = async (path: string, query: Query, fileName: string): Promise<void> => {
  const response = await request<Response>('GET', path, { query, raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
