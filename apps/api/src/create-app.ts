import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { UnhandledExceptionBus } from '@nestjs/cqrs';
import { Logger } from 'nestjs-pino';
import type { Infrastructure } from '#platform';
import { AppModule } from './app.module.js';
import { answerClientError } from './http/client-error.js';
import { configureHttp } from './http/configure-http.js';
import { answerFrameworkError, HTTP_SERVER_OPTIONS } from './http/framework-errors.js';
import type { StartingServer } from './http/starting-server.js';
import { ShutdownGate } from './shutdown-gate.js';

/**
 * Builds the HTTP app over opened infrastructure; used by main, the demo and the e2e tests. With a
 * `startingServer` (main), Fastify adopts that already listening server instead of creating its own.
 */
export const createApp = async (infrastructure: Infrastructure, gate = new ShutdownGate(), startingServer?: StartingServer): Promise<NestFastifyApplication> => {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(infrastructure),
    // The gate answers requests during a shutdown, and answerClientError requests Node refuses, with the product's error body.
    new FastifyAdapter({
      bodyLimit: infrastructure.config.BODY_LIMIT_BYTES, trustProxy: true, return503OnClosing: false, clientErrorHandler: answerClientError,
      frameworkErrors: answerFrameworkError,
      ...(startingServer ? { serverFactory: startingServer.serverFactory } : { http: HTTP_SERVER_OPTIONS }),
    }),
    // Bodies are parsed by our own JSON-only parser (configureHttp), not Nest's JSON + form parsers.
    { bufferLogs: true, bodyParser: false },
  );
  // First onRequest hook: a request turned away during shutdown reaches nothing else.
  gate.install(app.getHttpAdapter().getInstance());
  const logger = app.get(Logger);
  app.useLogger(logger);
  // A failing event handler must be logged, never kill the process.
  app.get(UnhandledExceptionBus).subscribe(({ exception, cause }) => logger.error({ err: exception, cause }, 'Unhandled CQRS exception'));
  await configureHttp(app, infrastructure.config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};
