import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiErrorBody } from './api-error.js';

/** Node's parser errors that a client caused, each with its status and stable code. */
const CLIENT_ERRORS: Record<string, { statusCode: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { statusCode: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' },
};
const NOT_HTTP = { statusCode: 400, code: 'MALFORMED_REQUEST', message: 'The request is not valid HTTP/1.1' };

/**
 * Answers requests that Node's HTTP parser refuses before Fastify or Nest see them (oversized headers,
 * broken framing) with the product's error body, instead of Node's bare status line.
 */
export const answerClientError = (error: Error & { code?: string }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { statusCode, code, message } = CLIENT_ERRORS[error.code ?? ''] ?? NOT_HTTP;
  const body = JSON.stringify({ statusCode, code, message } satisfies ApiErrorBody);
  socket.end(
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};
