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
}

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

/** Real HTTP (keep-alive fetch) to `baseUrl`, e.g. http://127.0.0.1:3000. */
export const fetchHttp = (baseUrl: string): DemoHttp => ({
  async request(method, path, { body, headers = {} } = {}) {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: parse(await response.text()), headers: Object.fromEntries(response.headers.entries()) };
  },
});
