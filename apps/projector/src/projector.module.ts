import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import type { Infrastructure } from '#platform';
import { InfrastructureModule } from '../../api/src/infrastructure/infrastructure.module.js';

/** The projector as its own process: no HTTP, the same infrastructure and command executor. */
@Module({})
export class ProjectorModule {
  static register(infrastructure: Infrastructure): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        CqrsModule.forRoot(),
        LoggerModule.forRoot({ pinoHttp: { level: infrastructure.config.LOG_LEVEL } }),
        InfrastructureModule.register(infrastructure),
      ],
    };
  }
}
