import 'reflect-metadata';
import { drainOnSignals } from '#messaging';
import { ConfigurationError, loadConfig, openEventStore, startPublicContractRelays } from '#platform';

/** Production shape: the relay alone, publishing the public contract to Kafka (same settings as the API). */
const main = async () => {
  const config = loadConfig();
  if (!config.KAFKA_BROKERS) throw new ConfigurationError(['KAFKA_BROKERS is required to run the relay']);
  const store = await openEventStore(config);
  const running = await startPublicContractRelays(config, store).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  drainOnSignals(() => running.stop().then(() => store.close()));
  process.stderr.write(`relay: publishing the public contract to ${config.KAFKA_BROKERS} under ${config.KAFKA_TOPIC_PREFIX}.*.v1 and ${config.KAFKA_TOPIC_PREFIX}.volunteer.v2\n`);
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : `Wushe relay failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
