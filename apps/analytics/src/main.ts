import 'reflect-metadata';
import { ConfigurationError, loadConfig } from '#platform';
import { startAnalytics } from './start-analytics.js';

/** The analytics consumer as its own process: reads the public topics, serves GET /indicators. */
const main = async () => {
  const config = loadConfig();
  if (!config.KAFKA_BROKERS) throw new ConfigurationError(['KAFKA_BROKERS is required to run the analytics consumer']);
  const running = await startAnalytics(config);
  console.log(`Wushe analytics on ${running.url} (GET /indicators?level=district&code=..., GET /health), group ${config.ANALYTICS_GROUP_ID}`);
  const stop = () => {
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`analytics: stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : `Wushe analytics failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
