import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Infrastructure } from '#platform';
import { FEATURE_MODULES } from './features/feature-modules.js';
import { HealthModule } from './health/health.module.js';
import { InfrastructureModule } from './infrastructure/infrastructure.module.js';
import { CORRELATION_ID } from './http/correlation.js';
import { DemoSignInModule } from './web/demo-sign-in.module.js';
import { LiveEventsModule } from './web/live-events.module.js';

/** The API: HTTP commands and queries over the infrastructure the composition root opened. */
@Module({})
export class AppModule {
  static register(infrastructure: Infrastructure): DynamicModule {
    const { config } = infrastructure;
    const imports: (DynamicModule | Type)[] = [
      CqrsModule.forRoot(),
      LoggerModule.forRoot({
        pinoHttp: {
          level: config.LOG_LEVEL,
          // The correlation id is the request id: one id from the log line to the events.
          genReqId: (request) => (request as unknown as Record<string, string>)[CORRELATION_ID] ?? '',
          // Personal data must not leak into logs either (DOMAIN.md, Privacy).
          redact: ['req.headers.authorization', 'req.body.beneficiary', 'req.body.person', 'req.body.donor.person'],
          autoLogging: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace',
        },
      }),
      InfrastructureModule.register(infrastructure),
      HealthModule,
      ...FEATURE_MODULES,
      // The console's live refresh; and its demo sign-in, only where this service signs tokens itself.
      LiveEventsModule,
      ...(config.AUTH_MODE === 'embedded' ? [DemoSignInModule] : []),
    ];
    return { module: AppModule, imports };
  }
}
