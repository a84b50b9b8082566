import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for `options`, worked out once. @fastify/helmet builds a new helmet
 * middleware on every request (parsing the CSP directives again each time: 5% of a POST's CPU);
 * without nonces the answer never changes, so helmet is run once against a recording response and
 * every answer gets the recorded headers.
 */
const helmetHeaders = (options: Readonly<HelmetOptions>): { set: [string, OutgoingHttpHeader][]; removed: string[] } => {
  const set = new Map<string, OutgoingHttpHeader>();
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: OutgoingHttpHeader) {
      set.set(name, value);
      return recorder;
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
    getHeader: (name: string) => set.get(name),
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return { set: [...set], removed };
};

/**
 * Security headers on every answer (error answers and 404s included), set on the raw response as
 * @fastify/helmet did, by the same helmet library and options.
 */
export const registerSecurityHeaders = (fastify: FastifyInstance, options: Readonly<HelmetOptions>): void => {
  const { set, removed } = helmetHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of removed) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
};
