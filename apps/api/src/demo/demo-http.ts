import type { DemoActor } from './demo-client.js';

/** How the demo reaches the API: over real HTTP, as any client does. */
export interface DemoResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, string | undefined>;
}

export interface DemoRequest {
  body?: unknown;
  headers?: Record<string, string>;
  /** Who sends it; queries without one go as the demo's reader (DEMO_READER). */
  actor?: DemoActor;
}

/** A bearer token for an actor (demo-credentials.ts signs them with the embedded issuer's key). */
export type DemoCredentials = (actor: DemoActor) => string;

/** Who reads the lists and records when a request names no actor: the city's civil-affairs bureau. */
export const DEMO_READER: DemoActor = { id: 'demo-reader', role: 'civil_affairs_bureau' };

export interface DemoHttp {
  request(method: 'GET' | 'POST', path: string, request?: DemoRequest): Promise<DemoResponse>;
}

const parse = (text: string): unknown => {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Real HTTP (keep-alive fetch) to `baseUrl`, e.g. http://127.0.0.1:3000, every request with a bearer token. */
export const fetchHttp = (baseUrl: string, credentials: DemoCredentials): DemoHttp => ({
  async request(method, path, { body, headers: given = {}, actor = DEMO_READER } = {}) {
    const headers = { authorization: `Bearer ${credentials(actor)}`, ...given };
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: parse(await response.text()), headers: Object.fromEntries(response.headers.entries()) };
  },
});
