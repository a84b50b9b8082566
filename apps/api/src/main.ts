// The port opens first, with nothing loaded but node:http: loading the service (Nest, the stores, the
// domain) takes seconds on a busy machine, and /health/live must answer meanwhile (StartingServer).
import { listenAddress } from '#platform/listen-address';
import { StartingServer } from './http/starting-server.js';

/**
 * The service's largest module graphs, loaded one at a time before the rest: a module graph is
 * evaluated in one synchronous run, so loading it in pieces lets the health probes be answered
 * between the pieces instead of after all of them.
 */
const LOADED_IN_STEPS = [
  'reflect-metadata', 'class-validator', 'class-transformer', 'kysely', 'better-sqlite3', 'pg', '@nestjs/common', '@nestjs/core', '@nestjs/cqrs',
  'fastify', '@nestjs/platform-fastify', '@nestjs/swagger', 'nestjs-pino', '#domain', '#event-store', '#read-models', '#matching',
  '#messaging', '#application', '#platform',
];

/** `npm start`: the service on the embedded default (SQLite under ./data), or as configured. */
const main = async () => {
  const starting = new StartingServer();
  // A PORT that is not a port is reported by loadConfig below, with the other problems.
  const address = listenAddress();
  if (address) await starting.listen(address.port, address.host);
  for (const module of LOADED_IN_STEPS) {
    await import(module);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { loadConfig } = await import('#platform');
  const config = loadConfig();
  starting.setStep('loading the HTTP app');
  const { bootstrapService } = await import('./bootstrap.js');
  const service = await bootstrapService(config, { startingServer: starting });
  // The app answers from here on, over the same server (the port never closed).
  starting.handOver();
  service.app.flushLogs();
  console.log(`Wushe 五社联动 listening on http://${config.HOST}:${config.PORT} (API docs: /docs, health: /health)`);
  // SIGTERM/SIGINT: a graceful shutdown (bootstrap.ts has the order), exit 0 once it is done.
  // A second signal, or a shutdown stuck past the bound, ends the process at once with 1.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting for the shutdown`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      console.error('Shutdown did not finish within 30 s: exiting');
      process.exit(1);
    }, 30_000).unref();
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  // One readable line for a wrong setting (ConfigurationError, loaded lazily); a stack only for the unexpected.
  const configuration = error instanceof Error && error.name === 'ConfigurationError';
  if (configuration) console.error(error.message);
  else console.error(`Wushe failed to start: ${error instanceof Error ? error.message : String(error)}`);
  if (!configuration && process.env.LOG_LEVEL === 'debug') console.error(error);
  process.exit(1);
});
