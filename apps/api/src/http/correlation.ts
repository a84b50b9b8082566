import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Property on the raw Fastify request holding this request's correlation id. */
export const CORRELATION_ID = 'correlationId';
const HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes X-Correlation-Id when it is a safe token, otherwise generates one; echoes it on the answer
 * so a caller can follow its request into every event it caused.
 */
export const registerCorrelation = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', async (request, reply) => {
    const given = request.headers[HEADER];
    const correlationId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
    (request as unknown as Record<string, string>)[CORRELATION_ID] = correlationId;
    void reply.header(HEADER, correlationId);
  });
};
