import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type PositionWaiter, type ProjectionLogger, type ProjectionStatus, ShuttingDownError } from '#read-models';
import type { WusheConfig } from '../config/wushe-config.js';
import { type FromListProjector, fromCrossing, type ToListProjector } from './list-projector-messages.js';

const consoleLogger: ProjectionLogger = {
  info: (details, message) => console.log(message, details),
  warn: (details, message) => console.warn(message, details),
  error: (details, message) => console.error(message, details),
};

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

  private constructor(private readonly worker: Worker) {}

  /**
   * Starts the thread and resolves once its runner has started (tables made, changed projections
   * reset); null when the worker's compiled module is not there (the sources run under jest), and the
   * caller keeps the lists in its own runner.
   */
  static async start(config: WusheConfig, logger: ProjectionLogger = consoleLogger, module: ListProjectorWorker = { url: WORKER }): Promise<ListProjectorThread | null> {
    if (!existsSync(fileURLToPath(module.url))) return null;
    const worker = new Worker(module.url, { workerData: { config: { ...config } }, ...(module.execArgv ? { execArgv: module.execArgv } : {}) });
    const thread = new ListProjectorThread(worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromListProjector) => {
        switch (message.kind) {
          case 'started':
            return resolve();
          case 'failed':
            return reject(fromCrossing(message.error));
          case 'log':
            return logger[message.level](message.details, message.message);
          case 'reply':
            return thread.settle(message);
        }
      });
      const end = (error: Error) => {
        thread.gone ??= error;
        for (const waiting of thread.pending.values()) waiting.reject(error);
        thread.pending.clear();
        reject(error);
      };
      worker.on('error', (error) => {
        logger.error({ err: error }, 'The lists projector thread failed; the lists no longer follow the log');
        end(error);
      });
      worker.on('exit', (code) => end(new ShuttingDownError(`The lists projector thread has stopped (exit ${code})`)));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return thread;
  }

  waitForPosition(position: number, timeoutMs: number): Promise<void> {
    return this.ask({ kind: 'wait', id: 0, position, timeoutMs }) as Promise<void>;
  }

  status(): Promise<ProjectionStatus[]> {
    return this.ask({ kind: 'status', id: 0 }) as Promise<ProjectionStatus[]>;
  }

  /** Stops the runner (what it applied is committed), closes its connections, ends the thread. */
  async stop(): Promise<void> {
    if (!this.gone) await this.ask({ kind: 'stop', id: 0 }).catch(() => undefined);
    this.gone ??= new ShuttingDownError('The lists projector thread has stopped');
    await this.worker.terminate();
  }

  private ask(request: ToListProjector): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
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
