/**
 * The lists thread (PROJECTOR_THREAD=worker): the read models and the as-of history, projected by
 * a ProjectionRunner on this thread's own connections to the event store and the read models, so
 * that writing them costs the API's event loop nothing. It answers the API's thread: waits for a
 * position (read-your-writes), status (/health), stop (shutdown). An append in the API's thread
 * wakes this thread's subscription at once (the SQLite store's notifier crosses threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { domainEventRegistry } from '#domain';
import { createAsOfProjections, createReadModelProjections, openReadModelDatabase, ProjectionRunner, type ProjectionLogger, registryUpcaster } from '#read-models';
import type { WusheConfig } from '../config/wushe-config.js';
import { openEventStore, projectorLease, readModelDatabaseOptions } from '../infrastructure.js';
import { type FromListProjector, toCrossing, type ToListProjector } from './list-projector-messages.js';

const port = parentPort!;
const config = (workerData as { config: WusheConfig }).config;
const post = (message: FromListProjector) => port.postMessage(message);

/** Log lines go to the API's logger; details that cannot cross (a function, a socket) cross as text. */
const log =
  (level: 'info' | 'warn' | 'error') =>
  (details: object, message: string): void => {
    try {
      post({ kind: 'log', level, details, message });
    } catch {
      post({ kind: 'log', level, details: { details: String((details as { err?: unknown }).err ?? JSON.stringify(details)) }, message });
    }
  };
const logger: ProjectionLogger = { info: log('info'), warn: log('warn'), error: log('error') };

const run = async () => {
  const store = await openEventStore(config);
  const database = await openReadModelDatabase(readModelDatabaseOptions(config));
  const projections = [...createReadModelProjections(), ...createAsOfProjections()];
  const runner = new ProjectionRunner({
    store,
    database,
    projections,
    upcast: registryUpcaster(domainEventRegistry),
    logger,
    ...projectorLease(config, projections.map((projection) => projection.name)),
  });
  const answer = (id: number, work: () => Promise<unknown>) =>
    work().then(
      (value) => post({ kind: 'reply', id, value }),
      (error: unknown) => post({ kind: 'reply', id, error: toCrossing(error) }),
    );
  port.on('message', (message: ToListProjector) => {
    switch (message.kind) {
      case 'wait':
        return void answer(message.id, () => runner.waitForPosition(message.position, message.timeoutMs));
      case 'status':
        return void answer(message.id, () => runner.status());
      case 'stop':
        return void answer(message.id, async () => {
          await runner.stop();
          await database.close();
          await store.close();
        });
    }
  });
  await runner.start();
  post({ kind: 'started' });
};

run().catch((error: unknown) => post({ kind: 'failed', error: toCrossing(error) }));
