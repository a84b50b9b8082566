import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '#domain';
import { IdempotencyKeyReusedError, IdempotencyMismatchError, WrongExpectedRevisionError, EventStoreUnavailableError } from '#event-store';
import { ProjectionFailedError, ProjectionTimeoutError, ShuttingDownError } from '#read-models';
import { type ApiErrorBody, HttpApiError } from './api-error.js';
import { CORRELATION_ID } from './correlation.js';
import type { RegisteredRoutes } from './registered-routes.js';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, rule: 422 };

/** Fastify's own errors (raised before Nest sees the request) mapped to stable codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH' },
};

/** Nest's HttpException statuses without a more specific code. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

const propertyOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
const messageOf = (exception: unknown): string => (exception instanceof Error ? exception.message : String(exception));

/** The ONE place where errors become HTTP answers. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiErrorFilter');

  /** `routes`: every registered route, so that a known path asked with another method answers 405, not 404. */
  constructor(private readonly routes?: RegisteredRoutes) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let body = this.toBody(exception);
    if (body.code === 'ROUTE_NOT_FOUND' && this.routes) {
      const allowed = this.routes.allowedFor(request.url);
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        body = { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not a method of this path; it takes ${allowed.join(', ')}`, details: { method: request.method, allowed } };
        void reply.header('allow', allowed.join(', '));
      }
    }
    body.correlationId = (request as unknown as Record<string, string | undefined>)[CORRELATION_ID];
    if (body.statusCode >= 500) this.logger.error({ err: exception, correlationId: body.correlationId }, body.message);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: STATUS_BY_KIND[exception.kind], code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpApiError) {
      return { statusCode: exception.statusCode, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof WrongExpectedRevisionError) {
      return {
        statusCode: 409,
        code: exception.code,
        message: 'Another change to the same record won the race; reload and try again',
        details: { streamId: exception.streamId, actualRevision: exception.actual },
      };
    }
    if (exception instanceof IdempotencyKeyReusedError || exception instanceof IdempotencyMismatchError) {
      return { statusCode: 422, code: exception.code, message: exception.message };
    }
    if (exception instanceof ProjectionTimeoutError) {
      return { statusCode: 504, code: 'READ_MODEL_NOT_CAUGHT_UP', message: exception.message };
    }
    if (exception instanceof ShuttingDownError) {
      return { statusCode: 503, code: exception.code, message: exception.message };
    }
    if (exception instanceof ProjectionFailedError) {
      return { statusCode: 503, code: 'READ_MODEL_STOPPED', message: `The read model ${exception.projection} stopped before your position; it is being retried` };
    }
    if (exception instanceof EventStoreUnavailableError) {
      return { statusCode: 503, code: exception.code, message: 'The event store is unavailable; nothing was stored' };
    }
    // Nest's Fastify adapter wraps Fastify's own errors (body parsing) in an HttpException: keep their code.
    const fastifyError = exception instanceof HttpException && exception.cause !== undefined ? exception.cause : exception;
    const fastifyCode = propertyOf(fastifyError, 'code');
    if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
      const mapped = FASTIFY_CODES[fastifyCode]!;
      return { statusCode: mapped.status, code: mapped.code, message: messageOf(fastifyError) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? 'HTTP_ERROR', message };
    }
    const statusCode = Number(propertyOf(exception, 'statusCode'));
    if (statusCode >= 400 && statusCode < 500) {
      return { statusCode, code: CODE_BY_STATUS[statusCode] ?? 'BAD_REQUEST', message: messageOf(exception) };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Unexpected error; it has been logged' };
  }
}
