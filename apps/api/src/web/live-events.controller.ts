import { Controller, Inject, type MessageEvent, type OnModuleDestroy, Req, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { Infrastructure } from '#platform';
import { authenticatedActor } from '../http/authentication.js';
import { concerns, LIVE_LISTS, type ListChanged, listOfStream, LiveChanges, readsList } from './live-changes.js';

/** A comment line every 25 s keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 25_000;

/**
 * 实时更新: the console's lists refresh when a new fact lands, without polling. Server-sent events over a
 * plain authenticated GET: the console reads it with fetch (so the bearer token goes in the Authorization
 * header as on every other call, never in a URL where logs and proxies would keep it).
 */
@ApiTags('live 实时更新')
@Controller('events')
export class LiveEventsController implements OnModuleDestroy {
  private readonly changes: LiveChanges;

  constructor(@Inject('INFRASTRUCTURE') private readonly infrastructure: Infrastructure) {
    this.changes = new LiveChanges(infrastructure.eventStore);
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'Which lists changed, as they change (text/event-stream)',
    description:
      'One `data:` line per new fact of a list the reader may read (GET of that list gives it rows: no elders for residents, volunteers or donors) that concerns it (its area contains the fact\'s area or lies inside it, or the reader acted): ' +
      `\`{"list": one of ${LIVE_LISTS.join(', ')}, "position": <global position>}\`. Nothing of the fact itself (no id, no personal data). ` +
      'Read the list again with `?minPosition=<position>` to see the fact. Send the bearer token in the Authorization header ' +
      '(browsers: read the stream with fetch; EventSource cannot send headers). The stream ends when the service shuts down; reconnect then.',
  })
  @ApiOkResponse({ description: 'text/event-stream of ListChanged messages', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  stream(@Req() request: FastifyRequest): Observable<MessageEvent> {
    const reader = authenticatedActor(request)!; // the request hook refuses this route without a verified token
    const shutdown = this.infrastructure.shutdown;
    return new Observable<MessageEvent>((subscriber) => {
      if (shutdown.aborted) return subscriber.complete();
      let stop: (() => void) | null = null;
      let closed = false;
      const end = () => subscriber.complete();
      shutdown.addEventListener('abort', end, { once: true });
      const keepAlive = setInterval(() => subscriber.next({ type: 'keep-alive', data: '' }), KEEP_ALIVE_MS);
      subscriber.next({ type: 'ready', data: { lists: LIVE_LISTS } });
      void this.changes
        .listen((event) => {
          const list = listOfStream(event.streamId);
          if (list && readsList(reader, list) && concerns(event, reader)) subscriber.next({ data: { list, position: event.position } satisfies ListChanged });
        })
        .then(
          (unlisten) => (closed ? unlisten() : (stop = unlisten)),
          (error: unknown) => subscriber.error(error),
        );
      return () => {
        closed = true;
        clearInterval(keepAlive);
        shutdown.removeEventListener('abort', end);
        stop?.();
      };
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.changes.stop();
  }
}
