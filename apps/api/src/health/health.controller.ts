import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MatchingService } from '#application';
import type { Infrastructure } from '#platform';

/**
 * How far (in log positions) a consumer may trail the head and still count as caught up: live
 * traffic keeps projections a few events behind for a moment, and readiness must not flap with it.
 */
export const READY_MAX_LAG = 100;

/**
 * `/health`: the event store and each consumer's lag (200 while the store answers), kept as it was.
 * `/health/live`: the process runs (touches nothing; main's StartingServer answers it from the first
 * moments of start-up, before this controller exists). `/health/ready`: the store answers and the
 * projections and the matching feed are at the head, else 503 with what is still catching up.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject('INFRASTRUCTURE') private readonly infrastructure: Infrastructure,
    @Inject(MatchingService) private readonly matching: MatchingService,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process is up and its event loop answers; reads no store (liveness probe)', schema: { example: { status: 'live' } } })
  live() {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOkResponse({
    description: `Event store answers; every projection and the matching feed within ${READY_MAX_LAG} positions of the head (readiness probe)`,
    schema: {
      example: {
        status: 'ready', headPosition: 140000, maxLag: READY_MAX_LAG, catchingUp: [],
        projections: [{ name: 'needs', position: 140000, lag: 0, status: 'running' }], matching: { phase: 'following', position: 140000, lag: 0, startedFrom: 130000 },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description:
      'Event store unreachable (status down), or still catching up: catchingUp names each consumer behind, with its position against the head; ' +
      'the matching feed also says its phase (restoring its checkpoint, following the log) and the position it started from (its checkpoint, or 0). ' +
      'While the process itself is still starting (modules loading, stores opening), status is starting with the step in progress and catchingUp [service]',
    schema: {
      example: {
        status: 'catching_up', headPosition: 140000, maxLag: READY_MAX_LAG, catchingUp: ['matching'],
        projections: [{ name: 'needs', position: 140000, lag: 0, status: 'running' }], matching: { phase: 'restoring', position: 0, lag: 140000, startedFrom: 0 },
      },
    },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const { eventStore, readModels } = this.infrastructure;
    let headPosition: number;
    try {
      headPosition = await eventStore.headPosition();
    } catch (error) {
      void reply.status(503);
      return { status: 'down', eventStore: { error: error instanceof Error ? error.message : String(error) } };
    }
    const head = headPosition;
    const catchingUp: string[] = [];
    let projections: { name: string; position: number; lag: number; status: string }[] | { error: string };
    try {
      projections = (await readModels.status()).map(({ name, position, status }) => ({ name, position, lag: Math.max(0, head - position), status }));
      // A stopped projection (its thread down, or the process shutting down) is not ready whatever its lag.
      for (const projection of projections) if (projection.lag > READY_MAX_LAG || projection.status === 'stopped') catchingUp.push(projection.name);
    } catch (error) {
      projections = { error: error instanceof Error ? error.message : String(error) };
      catchingUp.push('projections');
    }
    const { phase, startedFrom } = this.matching.status();
    const matching = { phase, position: this.matching.position, lag: Math.max(0, head - this.matching.position), startedFrom };
    if (matching.lag > READY_MAX_LAG || phase !== 'following') catchingUp.push('matching');
    void reply.status(catchingUp.length === 0 ? 200 : 503);
    return { status: catchingUp.length === 0 ? 'ready' : 'catching_up', headPosition: head, maxLag: READY_MAX_LAG, catchingUp, projections, matching };
  }

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
    const degraded = !Array.isArray(projections) || projections.some((projection) => projection.error || projection.status === 'stopped');
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
