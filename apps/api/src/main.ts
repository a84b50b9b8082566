import 'reflect-metadata';
import { ConfigurationError, loadConfig } from '#platform';
import { bootstrapService } from './bootstrap.js';

/** `npm start`: the service on the embedded default (SQLite under ./data), or as configured. */
const main = async () => {
  const config = loadConfig();
  const service = await bootstrapService(config);
  await service.app.listen({ port: config.PORT, host: config.HOST });
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
  // One readable line for a wrong setting; a stack only for the unexpected.
  if (error instanceof ConfigurationError) console.error(error.message);
  else console.error(`Wushe failed to start: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof ConfigurationError) && process.env.LOG_LEVEL === 'debug') console.error(error);
  process.exit(1);
});
