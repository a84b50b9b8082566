/**
 * An HTTP load generator in the manner of autocannon (no package: autocannon is not installed):
 * keep-alive connections on raw sockets, each request written as prepared bytes, each answer parsed
 * only as far as its status line and Content-Length. Cheaper per request than node:http's client, so
 * on a 2-core machine more of the CPU goes to the server under test.
 *
 * Two shapes: `closedLoop` (each connection sends its next request when the last one answered: the
 * maximum throughput) and `openLoop` (requests at a fixed rate; latency counted from the scheduled
 * send time, so a stalled server is not hidden by the client waiting for it).
 */
import { connect, type Socket } from 'node:net';
import { percentile } from './report.js';

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The request's bytes, written once and sent as they are on every call. */
export const encodeRequest = (host: string, request: LoadRequest): Buffer => {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${host}`, 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body) lines.push('Content-Type: application/json', `Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
  return body ? Buffer.concat([head, body]) : head;
};

const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection answering one request at a time (no pipelining, as autocannon's default). */
export class LoadConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (answer: HttpAnswer) => void; reject: (error: Error) => void; keepBody: boolean } | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = (error: Error) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  static open(port: number, host = '127.0.0.1'): Promise<LoadConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new LoadConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends prepared bytes and answers the status (and the body when `keepBody`). */
  send(bytes: Buffer, keepBody = false): Promise<HttpAnswer> {
    if (this.waiting) throw new Error('one request at a time per connection');
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject, keepBody };
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!match) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting.reject(new Error(`answer without Content-Length (chunked answers are not parsed here): ${head.split('\r\n')[0]}`));
      return;
    }
    const total = end + HEADER_END.length + Number(match[1]);
    if (this.buffer.length < total) return;
    const body = this.waiting.keepBody ? this.buffer.toString('utf8', end + HEADER_END.length, total) : '';
    this.buffer = this.buffer.subarray(total);
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve({ status, body });
  }
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Answers by status code, e.g. { 201: 9800 }. */
  statuses: Record<number, number>;
  /**
   * Open loop only: how late requests were written after their scheduled time (ms, p50 and p99),
   * because their connection was still busy or the client's own event loop was late.
   */
  sendLateness?: { p50: number; p99: number };
}

const summarise = (latencies: number[], statuses: Record<number, number>, elapsedMs: number): LoadResult => ({
  requests: latencies.length,
  perSecond: (latencies.length * 1000) / elapsedMs,
  p50: latencies.length ? percentile(latencies, 50) : NaN,
  p99: latencies.length ? percentile(latencies, 99) : NaN,
  statuses,
});

const openAll = (port: number, connections: number) => Promise.all(Array.from({ length: connections }, () => LoadConnection.open(port)));

/** Each connection sends as soon as its last answer came: the most the server answers. */
export async function closedLoop(port: number, bytes: Buffer, connections: number, durationMs: number): Promise<LoadResult> {
  const sockets = await openAll(port, connections);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await Promise.all(
      sockets.map(async (socket) => {
        while (performance.now() < deadline) {
          const sent = performance.now();
          const { status } = await socket.send(bytes);
          latencies.push(performance.now() - sent);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    return summarise(latencies, statuses, performance.now() - started);
  } finally {
    sockets.forEach((socket) => socket.close());
  }
}

/**
 * `ratePerSecond` requests spread over the connections at fixed times; each latency runs from the
 * request's scheduled time (a connection still busy makes the next request late, and that lateness
 * counts). `onAnswer` sees every answer with its body, e.g. to follow a sample of them further.
 */
export async function openLoop(
  port: number,
  bytes: Buffer,
  connections: number,
  ratePerSecond: number,
  durationMs: number,
  onAnswer?: (answer: HttpAnswer, scheduledAt: number, index: number) => void,
): Promise<LoadResult> {
  const sockets = await openAll(port, connections);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const total = Math.max(1, Math.floor((ratePerSecond * durationMs) / 1000));
  const interval = 1000 / ratePerSecond;
  const lateness: number[] = [];
  const started = performance.now();
  try {
    await Promise.all(
      sockets.map(async (socket, connection) => {
        for (let index = connection; index < total; index += connections) {
          const scheduledAt = started + index * interval;
          const wait = scheduledAt - performance.now();
          if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
          lateness.push(performance.now() - scheduledAt);
          const answer = await socket.send(bytes, onAnswer !== undefined);
          latencies.push(performance.now() - scheduledAt);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          onAnswer?.(answer, scheduledAt, index);
        }
      }),
    );
    return { ...summarise(latencies, statuses, performance.now() - started), sendLateness: { p50: percentile(lateness, 50), p99: percentile(lateness, 99) } };
  } finally {
    sockets.forEach((socket) => socket.close());
  }
}
