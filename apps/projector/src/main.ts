import { pino } from 'pino';
import { startProjector } from '#application';
import { commandServiceFor, ConfigurationError, loadConfig, matchingServiceFor, openInfrastructure, startNeedFreshnessClock, startWebhookDelivery } from '#platform';

/** Production shape: the projector alone (read models, policies, workflows, auto-match) over the configured stores. */
const main = async () => {
  const config = loadConfig();
  const logger = pino({ name: 'wushe-projector', level: config.LOG_LEVEL });
  const infrastructure = await openInfrastructure(config);
  const matching = matchingServiceFor(infrastructure, { warn: (message) => logger.warn(message), error: (message) => logger.error(message) });
  infrastructure.onClose(() => matching.stop());
  const commands = commandServiceFor(infrastructure);
  await startProjector({
    commands,
    aggregates: infrastructure.aggregates,
    matching,
    logger,
    startRunner: (extra, projectionLogger) => infrastructure.startProjector(extra, projectionLogger),
  });
  const projectionLogger = {
    info: (details: object, message: string) => logger.info(details, message),
    warn: (details: object, message: string) => logger.warn(details, message),
    error: (details: object, message: string) => logger.error(details, message),
  };
  startNeedFreshnessClock(infrastructure, commands, projectionLogger);
  startWebhookDelivery(infrastructure, projectionLogger);
  logger.info('Wushe projector running');
  const stop = async () => {
    await infrastructure.stopBackground();
    await infrastructure.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : `Wushe projector failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
