import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnalyticsConsumerStatus } from './analytics-consumer.js';
import type { AnalyticsStore } from './analytics-store.js';
import { ADMINISTRATIVE_LEVELS, UnknownLevelError } from './indicators.js';

export interface AnalyticsHttpServer {
  /** `http://host:port`, with the port the OS chose when 0 was asked for. */
  url: string;
  close(): Promise<void>;
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

const problem = (code: string, message: string, details?: Record<string, unknown>) => ({ code, message, ...(details ? { details } : {}) });

/**
 * The consumer's tiny read API:
 * - GET /indicators?level=district&code=SM: the DOMAIN.md indicators of one area, as JSON;
 * - GET /health: the consumer's state and counts (200 while consuming, 503 otherwise).
 */
export const handleAnalyticsRequest =
  (store: AnalyticsStore, consumerStatus: () => AnalyticsConsumerStatus) =>
  (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://analytics.local');
    if (request.method !== 'GET') return send(response, 405, problem('METHOD_NOT_ALLOWED', 'Only GET is served'));
    if (url.pathname === '/indicators') {
      const level = url.searchParams.get('level') ?? '';
      const code = url.searchParams.get('code');
      if (!code) return send(response, 400, problem('AREA_CODE_REQUIRED', 'Say which area: ?level=district&code=...'));
      try {
        return send(response, 200, store.indicators(level, code));
      } catch (error) {
        if (error instanceof UnknownLevelError) return send(response, 400, problem(error.code, error.message, { level, levels: [...ADMINISTRATIVE_LEVELS] }));
        throw error;
      }
    }
    if (url.pathname === '/health') {
      const consumer = consumerStatus();
      return send(response, consumer.state === 'consuming' ? 200 : 503, { status: consumer.state === 'consuming' ? 'ok' : 'degraded', consumer, events: store.counts() });
    }
    return send(response, 404, problem('NOT_FOUND', `No route ${url.pathname}`));
  };

export const startAnalyticsHttpServer = async (
  store: AnalyticsStore,
  consumerStatus: () => AnalyticsConsumerStatus,
  listen: { host: string; port: number },
): Promise<AnalyticsHttpServer> => {
  const handle = handleAnalyticsRequest(store, consumerStatus);
  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      send(response, 500, problem('INTERNAL_ERROR', error instanceof Error ? error.message : String(error)));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
