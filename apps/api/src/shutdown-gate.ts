import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ApiErrorBody } from './http/api-error.js';

/** What a request that arrives while the service shuts down gets (the product's error body). */
export const SHUTTING_DOWN_BODY: ApiErrorBody = {
  statusCode: 503,
  code: 'SHUTTING_DOWN',
  message: 'The service is shutting down; retry the request',
};

/**
 * The HTTP side of a graceful shutdown. Once closing: the server stops accepting connections, a
 * request that still arrives on an open connection answers 503 SHUTTING_DOWN before any handler
 * ran (so nothing is stored), every answer closes its connection, and `drain` resolves when the
 * requests in flight have answered (or the grace period ran out).
 *
 * Fastify's own closing answer (`return503OnClosing`) has no `code`; this gate replaces it and must
 * be installed before every other onRequest hook.
 */
export class ShutdownGate {
  private closing = false;
  private inFlight = 0;
  private whenIdle: (() => void) | null = null;

  get isClosing(): boolean {
    return this.closing;
  }

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', async (request, reply) => {
      if (this.closing) {
        return reply.code(503).header('connection', 'close').header('retry-after', '1').send(SHUTTING_DOWN_BODY);
      }
      this.inFlight++;
      // 'close' follows the last byte sent, or a client that went away: either way the request is over.
      reply.raw.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) this.whenIdle?.();
      });
      return undefined;
    });
    fastify.addHook('onSend', async (_request, reply, payload) => {
      // A kept-alive connection must not stay open (and hold the server's close) after its last answer.
      if (this.closing) void reply.header('connection', 'close');
      return payload;
    });
  }

  /** Stops accepting connections and turns away requests on open ones; the in-flight ones go on. */
  beginClosing(server: Server): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
    server.closeIdleConnections();
    return closed;
  }

  /** Resolves once no request is in flight, or after `graceMs` (then the stragglers are cut off). */
  async drain(server: Server, graceMs: number): Promise<{ cutOff: number }> {
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.whenIdle = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    }
    const cutOff = this.inFlight;
    server.closeAllConnections();
    return { cutOff };
  }
}
