import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type PositionWaiter, ProjectionFailedError, type ProjectionLogger, type ProjectionStatus, ProjectionTimeoutError, ShuttingDownError } from '#read-models';
import type { WusheConfig } from '../config/wushe-config.js';
import { type FromListProjector, fromCrossing, type ToListProjector } from './list-projector-messages.js';

const consoleLogger: ProjectionLogger = {
  info: (details, message) => console.log(message, details),
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

/** The answer while the lists thread is down: the lists stopped short of any position asked for (503 READ_MODEL_STOPPED). */
const stoppedLists = (why: string): Error => new ProjectionFailedError('lists (projector thread)', -1, { message: why, position: -1, eventType: 'none' });

/** How long past its own bound a wait may take to come back across threads before this side answers 504. */
const ASK_GRACE_MS = 1_000;
/** How long /health waits for the thread's status before it counts the lists as not answering. */
const STATUS_TIMEOUT_MS = 5_000;

/** The worker's module, beside this one in the build (dist/); absent when the sources run uncompiled (jest). */
const WORKER = new URL('./list-projector-worker.js', import.meta.url);

/** Which module the thread runs, and with which Node options (a test runs the TypeScript source through a loader). */
export interface ListProjectorWorker {
  url: URL;
  execArgv?: string[];
}

/**
 * The API's handle on the lists thread (list-projector-worker.ts): read-your-writes waits and
 * status are asked of the runner there, so the HTTP layer sees the same answers and errors as from
 * a runner in this thread.
 */
export class ListProjectorThread implements PositionWaiter {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private gone: Error | null = null;
  private stopping = false;
  private lastStatus: ProjectionStatus[] = [];
  /** Restarts after an unexpected end, in a row: the backoff grows with it, and a healthy start resets it. */
  private restarts = 0;
  /** Set while a replacement thread is being started (asks meanwhile fail with the cause, 503 READ_MODEL_STOPPED). */
  private restarting: Promise<void> | null = null;

  private constructor(
    private worker: Worker,
    private readonly spawn: () => Worker,
    private readonly logger: ProjectionLogger,
  ) {}

  /**
   * Starts the thread and resolves once its runner has started (tables made, changed projections
   * reset); null when the worker's compiled module is not there (the sources run under jest), and the
   * caller keeps the lists in its own runner. A thread that dies afterwards (an uncaught error, out of
   * memory) is started again with a growing backoff: its runner resumes from the committed
   * checkpoints, so the lists catch up and nothing is projected twice; meanwhile reads that wait for a
   * position get 503 READ_MODEL_STOPPED, as for a stopped projection in this thread.
   */
  static async start(config: WusheConfig, logger: ProjectionLogger = consoleLogger, module: ListProjectorWorker = { url: WORKER }): Promise<ListProjectorThread | null> {
    if (!existsSync(fileURLToPath(module.url))) return null;
    const spawn = () => new Worker(module.url, { workerData: { config: { ...config } }, ...(module.execArgv ? { execArgv: module.execArgv } : {}) });
    const thread = new ListProjectorThread(spawn(), spawn, logger);
    await thread.started();
    // Known from the start, so a thread that dies before anyone asked still shows its projections stopped.
    await thread.status();
    return thread;
  }

  /** Wires the current worker's messages and resolves once its runner has started. */
  private started(): Promise<void> {
    const worker = this.worker;
    return new Promise<void>((resolve, reject) => {
      let up = false;
      worker.on('message', (message: FromListProjector) => {
        switch (message.kind) {
          case 'started':
            up = true;
            return resolve();
          case 'failed':
            return reject(fromCrossing(message.error));
          case 'log':
            return this.logger[message.level](message.details, message.message);
          case 'reply':
            return this.settle(message);
        }
      });
      const end = (error: Error) => {
        for (const waiting of this.pending.values()) waiting.reject(error);
        this.pending.clear();
        if (!up) return reject(error);
        if (this.stopping) {
          this.gone ??= error;
          return;
        }
        this.restart(error);
      };
      worker.on('error', (error) => {
        this.logger.error({ err: error }, 'The lists projector thread failed; starting it again');
        end(stoppedLists(error.message));
      });
      worker.on('exit', (code) => end(this.stopping ? new ShuttingDownError(`The lists projector thread has stopped (exit ${code})`) : stoppedLists(`exit ${code}`)));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
  }

  private restart(cause: Error): void {
    if (this.restarting) return;
    const delayMs = Math.min(30_000, 500 * 2 ** this.restarts++);
    this.gone = cause;
    this.logger.warn({ delayMs, restarts: this.restarts }, 'The lists projector thread ended unexpectedly; starting a new one');
    this.restarting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
      if (this.stopping) return;
      this.worker = this.spawn();
      try {
        await this.started();
        this.gone = null;
        // The backoff resets only after a minute up: a thread that dies again while catching up waits longer each time.
        const worker = this.worker;
        setTimeout(() => {
          if (this.worker === worker && !this.gone) this.restarts = 0;
        }, 60_000).unref();
        this.logger.info({ restarts: this.restarts }, 'The lists projector thread is running again');
      } catch (error) {
        this.restarting = null;
        if (!this.stopping) this.restart(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.restarting = null;
    })();
  }

  /** The thread's runner bounds the wait; this side bounds it too (a thread whose loop is blocked still answers 504 in time). */
  waitForPosition(position: number, timeoutMs: number): Promise<void> {
    return this.ask({ kind: 'wait', id: 0, position, timeoutMs }, timeoutMs + ASK_GRACE_MS, () => new ProjectionTimeoutError(position, timeoutMs, [])) as Promise<void>;
  }

  /** The thread's projections; while it is down, the last ones it reported, marked stopped (so /health is not ready). */
  async status(): Promise<ProjectionStatus[]> {
    if (this.gone && !this.stopping) return this.lastStatus.map((projection) => ({ ...projection, status: 'stopped' as const }));
    this.lastStatus = (await this.ask({ kind: 'status', id: 0 }, STATUS_TIMEOUT_MS, () => new Error('the lists projector thread did not answer in time'))) as ProjectionStatus[];
    return this.lastStatus;
  }

  /** Stops the runner (what it applied is committed), closes its connections, ends the thread. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.gone) await this.ask({ kind: 'stop', id: 0 }).catch(() => undefined);
    this.gone ??= new ShuttingDownError('The lists projector thread has stopped');
    await this.worker.terminate();
  }

  private ask(request: ToListProjector, timeoutMs?: number, late?: () => Error): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              if (!this.pending.delete(id)) return;
              reject(late?.() ?? new Error('the lists projector thread did not answer in time'));
            }, timeoutMs).unref();
      const settled = (done: () => void) => {
        clearTimeout(timer);
        done();
      };
      this.pending.set(id, { resolve: (value) => settled(() => resolve(value)), reject: (error) => settled(() => reject(error)) });
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(reply: Extract<FromListProjector, { kind: 'reply' }>): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (!waiting) return;
    if (reply.error) waiting.reject(fromCrossing(reply.error));
    else waiting.resolve(reply.value);
  }
}
