import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, loadConfig, openInfrastructure } from '#platform';
import { ProjectorModule } from './projector.module.js';
import { startProjector } from './start-projector.js';

/** Production shape: the projector alone (read models + policies) over the configured stores. */
const main = async () => {
  const config = loadConfig();
  const infrastructure = await openInfrastructure(config);
  const app = await NestFactory.createApplicationContext(ProjectorModule.register(infrastructure), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await startProjector(app, infrastructure);
  app.get(Logger).log('Wushe projector running');
  const stop = async () => {
    await app.close();
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
