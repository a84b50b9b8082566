import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { createTokenVerifier, type WusheConfig } from '#platform';
import { registerAuthentication, rateLimitKey } from './authentication.js';
import { rememberVerifiedTokens } from './verified-tokens.js';
import { declareSecurity } from './openapi-security.js';
import type { ApiErrorBody } from './api-error.js';
import { registerCorrelation } from './correlation.js';
import { answerProtocolRequests, registerRequestFraming } from './framework-errors.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerJsonOnlyBodies } from './request-input.js';
import { registerSpreadsheetUploads } from '../features/spreadsheets/import/spreadsheet-uploads.js';
import { ApiErrorFilter } from './error.filter.js';
import { RegisteredRoutes } from './registered-routes.js';
import { apiValidationPipe } from './validation.js';
import { rememberValidationRules } from './validation-rules.js';
import { registerConsole } from '../web/console-static.js';

/** Everything HTTP-wide, in one place, shared by main and the e2e tests. */
export const configureHttp = async (app: NestFastifyApplication, config: WusheConfig): Promise<void> => {
  const fastify = app.getHttpAdapter().getInstance();
  // First: every route registered from here on (all of them: Nest registers its controllers at init) is known.
  const routes = new RegisteredRoutes();
  routes.install(fastify);
  registerCorrelation(fastify);
  registerRequestFraming(fastify);
  answerProtocolRequests(fastify.server);
  // Security headers on every answer. The API answers JSON only; the one HTML page is Swagger UI at
  // /docs, whose bundled script and styles load from 'self' (its inline styles need 'unsafe-inline').
  registerSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The API is called cross-origin only by the origins CORS_ORIGINS names; answers are not embeddable.
    crossOriginResourcePolicy: { policy: config.CORS_ORIGINS ? 'cross-origin' : 'same-origin' },
  });
  // CORS: only the configured origins; none by default (a browser on another origin gets no CORS headers).
  const origins = config.CORS_ORIGINS?.split(',') ?? [];
  await fastify.register(cors, {
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'],
    exposedHeaders: ['X-Correlation-Id', 'Retry-After'],
    maxAge: 600,
  });
  // Before the rate limiter's hooks: the limiter keys its buckets by the verified subject.
  registerAuthentication(fastify, rememberVerifiedTokens(createTokenVerifier(config)));
  registerJsonOnlyBodies(fastify, config.BODY_LIMIT_BYTES);
  registerSpreadsheetUploads(fastify);
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    // Per authenticated user (token subject), else per client address; answers the same error body as every other refusal.
    await fastify.register(rateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, context): ApiErrorBody => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `More than ${context.max} requests a minute; retry after ${context.after}`,
      }),
    });
  }
  rememberValidationRules();
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiErrorFilter(routes));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Wushe 五社联动 API')
      .setDescription(
        'Event-sourced coordination of communities, social organisations, social workers, volunteers and charitable resources. ' +
          'Every command answers the new stream revision and global position; pass `minPosition` to a query to read your own writes.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A JWT from the configured issuer (embedded mode: `npm run -s token -- --role <role> --subject <id> --area <path>`). ' +
            'Claims: sub, role, area (city/district/street/community path), org (optional). Required everywhere except health, docs and the anonymous view of GET /needs, /projects, /donations.',
        },
        'bearer',
      )
      .addGlobalParameters(
        { name: 'X-Correlation-Id', in: 'header', required: false, description: 'Follows the request into every event it causes' },
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, declareSecurity(document, 'bearer'));
  // The web console (apps/web, built by npm start) at `/`.
  await registerConsole(fastify);
};
