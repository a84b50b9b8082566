import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import rateLimit from '@fastify/rate-limit';
import type { WusheConfig } from '#platform';
import type { ApiErrorBody } from './api-error.js';
import { registerCorrelation } from './correlation.js';
import { registerJsonOnlyBodies } from './request-input.js';
import { ApiErrorFilter } from './error.filter.js';
import { apiValidationPipe } from './validation.js';

/** Everything HTTP-wide, in one place, shared by main and the e2e tests. */
export const configureHttp = async (app: NestFastifyApplication, config: WusheConfig): Promise<void> => {
  const fastify = app.getHttpAdapter().getInstance();
  registerCorrelation(fastify);
  registerJsonOnlyBodies(fastify, config.BODY_LIMIT_BYTES);
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    // Per client address; answers the same error body as every other refusal.
    await fastify.register(rateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context): ApiErrorBody => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `More than ${context.max} requests a minute; retry after ${context.after}`,
      }),
    });
  }
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiErrorFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wushe 五社联动 API')
      .setDescription(
        'Event-sourced coordination of communities, social organisations, social workers, volunteers and charitable resources. ' +
          'Every command answers the new stream revision and global position; pass `minPosition` to a query to read your own writes.',
      )
      .setVersion('1')
      .addGlobalParameters(
        { name: 'X-Actor-Id', in: 'header', required: false, description: 'Acting user id (required on commands)' },
        { name: 'X-Actor-Role', in: 'header', required: false, description: 'Acting user role (required on commands)' },
        { name: 'X-Correlation-Id', in: 'header', required: false, description: 'Follows the request into every event it causes' },
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
};
