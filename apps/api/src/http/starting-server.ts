import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** What a request other than the health probes gets while the service starts (the product's error body). */
export const STARTING_BODY = { statusCode: 503, code: 'STARTING', message: 'The service is starting; retry the request shortly' };

/**
 * The service's HTTP server, listening before the rest of the service is loaded: loading the modules,
 * opening the stores and building the Nest app take seconds on a long log, and a liveness probe must not
 * kill a process for starting. Until `handOver`, it answers `/health/live` 200, `/health/ready` 503 with
 * the start-up step in progress, and anything else 503 `STARTING`. Fastify adopts this very server
 * (`serverFactory`), so the port never closes between the two and `handOver` only swaps the handler.
 *
 * Deliberately imports nothing but node:http: it must answer while the rest is still loading.
 */
export class StartingServer {
  readonly server: Server;
  private handler: RequestHandler | null = null;
  private adopted: RequestHandler | null = null;
  private step = 'loading the service';
  private readonly startedAt = Date.now();

  constructor() {
    // requireHostHeader: the Host check is the app's (http/framework-errors.ts), answered in the product's body.
    this.server = createServer({ requireHostHeader: false }, (request, response) => (this.handler ?? this.answerWhileStarting)(request, response));
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Names the start-up step in progress (shown by `/health/ready` until the hand-over). */
  setStep(step: string): void {
    this.step = step;
  }

  /**
   * Fastify's `serverFactory`: Fastify takes this server, with its options' timeouts, and its handler
   * is kept aside until `handOver` (Fastify must be ready before it answers).
   */
  readonly serverFactory = (handler: RequestHandler, options: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number }): Server => {
    this.adopted = handler;
    if (options.keepAliveTimeout !== undefined) this.server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) this.server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) this.server.setTimeout(options.connectionTimeout);
    return this.server;
  };

  /** From now on every request goes to the app Fastify built over this server. */
  handOver(): void {
    if (!this.adopted) throw new Error('handOver before Fastify adopted the server (serverFactory was not used)');
    this.handler = this.adopted;
  }

  private readonly answerWhileStarting: RequestHandler = (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method === 'GET' && path === '/health/live') return this.send(response, 200, { status: 'live' });
    if (request.method === 'GET' && (path === '/health/ready' || path === '/health')) {
      return this.send(response, 503, { status: 'starting', step: this.step, sinceMs: Date.now() - this.startedAt, catchingUp: ['service'] });
    }
    response.setHeader('retry-after', '1');
    return this.send(response, 503, STARTING_BODY);
  };

  private send(response: ServerResponse, status: number, body: object): void {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }
}
