import 'reflect-metadata';
import { ConfigurationError, loadConfig } from '#platform';
import { bootstrapService } from './bootstrap.js';

/** `npm start`: the service on the embedded default (SQLite under ./data), or as configured. */
const main = async () => {
  const config = loadConfig();
  const service = await bootstrapService(config);
  await service.app.listen({ port: config.PORT, host: config.HOST });
  console.log(`Wushe 五社联动 listening on http://${config.HOST}:${config.PORT} (API docs: /docs, health: /health)`);
  const stop = async () => {
    await service.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
};

main().catch((error: unknown) => {
  // One readable line for a wrong setting; a stack only for the unexpected.
  if (error instanceof ConfigurationError) console.error(error.message);
  else console.error(`Wushe failed to start: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof ConfigurationError) && process.env.LOG_LEVEL === 'debug') console.error(error);
  process.exit(1);
});
