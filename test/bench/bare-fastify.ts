/**
 * The HTTP baseline: a bare fastify route that parses the same JSON body as POST /needs and answers
 * 201 with an id, nothing else (no validation, authentication, store or projections). Run as its own
 * process by http.bench.ts: `node dist/test/bench/bare-fastify.js <port>`; prints "listening" once up.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 3999);
const app = Fastify({ logger: false });
app.post('/needs', async (request, reply) => {
  const body = request.body as { communityId?: unknown };
  void reply.code(201);
  return { id: randomUUID(), communityId: body.communityId };
});
await app.listen({ port, host: '127.0.0.1' });
console.log('listening');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
