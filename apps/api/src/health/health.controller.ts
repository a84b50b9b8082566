import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Infrastructure } from '#platform';

/** Liveness and readiness in one: 200 while the event store answers, with each consumer's lag. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject('INFRASTRUCTURE') private readonly infrastructure: Infrastructure) {}

  @Get()
  @ApiOkResponse({ description: 'Event store reachable; projections and relay with their lag' })
  @ApiServiceUnavailableResponse({ description: 'Event store unreachable' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const { eventStore, readModels, relay, config } = this.infrastructure;
    let headPosition: number | null = null;
    let eventStoreError: string | null = null;
    try {
      headPosition = await eventStore.headPosition();
    } catch (error) {
      eventStoreError = error instanceof Error ? error.message : String(error);
    }
    const projections = await readModels.status().catch((error: unknown) => ({ error: String(error) }));
    const degraded = Array.isArray(projections) && projections.some((projection) => projection.error);
    const status = eventStoreError ? 'down' : degraded ? 'degraded' : 'ok';
    void reply.status(eventStoreError ? 503 : 200);
    return {
      status,
      eventStore: { kind: config.EVENT_STORE, headPosition, error: eventStoreError },
      readModels: { kind: config.READ_MODELS, projections },
      relay: relay ? relay.status() : { enabled: false },
    };
  }
}
