import type { DueDelivery, ProjectionLogger, WebhookOutboxStore } from '#read-models';
import type { WebhookSecrets } from './webhook-signatures.js';
import { postWebhook, type WebhookSend } from './webhook-sender.js';

export interface WebhookDispatcherOptions {
  readonly outbox: WebhookOutboxStore;
  readonly secrets: WebhookSecrets;
  /** WEBHOOK_RETRY_INITIAL_MS, WEBHOOK_RETRY_MAX_MS. */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly concurrency: number;
  readonly allowPrivateTargets: boolean;
  readonly logger: ProjectionLogger;
  readonly send?: WebhookSend;
  readonly now?: () => Date;
  readonly random?: () => number;
}

/** How long a claimed delivery stays another dispatcher's to leave alone: the attempt's timeout and a margin. */
const LEASE_MARGIN_MS = 30_000;

/**
 * The delay before attempt `attempts + 1`, after `attempts` failed ones: doubling from the initial
 * delay up to the cap, less up to a quarter at random, so receivers coming back from an outage are
 * not hit by every sender at the same instant and each delay still exceeds the one before it.
 */
export const retryDelayMs = (attempts: number, retry: { initialMs: number; maxMs: number }, random: number): number => {
  const base = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + 0.25 * random));
};

/**
 * Sends the outbox's deliveries: polls for due ones, claims each (a lease, so two processes never
 * send the same attempt), POSTs it signed, and marks it delivered only on a 2xx; anything else is
 * an attempt counted, its error kept and the next one scheduled with backoff, for as long as it
 * takes (until the subscription is removed). Attempts run side by side, at most two per
 * subscription, so a slow or dead receiver never holds up the others.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly send: WebhookSend;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.send = options.send ?? postWebhook;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.poll(), this.options.pollMs);
    this.timer.unref();
    void this.poll();
  }

  /** Stops polling and waits for the attempts in flight; an unfinished one is retried after its lease by the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** One look for due deliveries; polls never overlap. */
  poll(): Promise<void> {
    this.polling ??= this.startDue()
      .catch((error: unknown) => this.options.logger.error({ err: String(error) }, 'Webhook dispatch failed; the next poll retries'))
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  private async startDue(): Promise<void> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0 || this.stopped) return;
    const due = (await this.options.outbox.due(this.now(), free)).filter((delivery) => !this.inFlight.has(delivery.deliveryId));
    for (const delivery of due.slice(0, free)) {
      if (this.stopped) return;
      const now = this.now();
      if (!(await this.options.outbox.claim(delivery.deliveryId, now, new Date(now.getTime() + this.options.timeoutMs + LEASE_MARGIN_MS)))) continue;
      const attempt = this.attempt(delivery)
        // The outcome could not be stored: the lease runs out and the delivery is sent again (at least once).
        .catch((error: unknown) => this.options.logger.error({ deliveryId: delivery.deliveryId, err: String(error) }, 'Webhook attempt outcome not stored'))
        .finally(() => this.inFlight.delete(delivery.deliveryId));
      this.inFlight.set(delivery.deliveryId, attempt);
    }
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const { outbox, secrets, timeoutMs, allowPrivateTargets, retry, logger } = this.options;
    let status: number | null = null;
    let error: string;
    try {
      const response = await this.send({ url: delivery.url, headers: secrets.headersFor(delivery, this.now()), body: delivery.body, timeoutMs, allowPrivateTargets });
      if (response.status >= 200 && response.status < 300) {
        await outbox.acknowledged(delivery.deliveryId, response.status, this.now());
        return;
      }
      status = response.status;
      error = `HTTP ${response.status}`;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const at = this.now();
    const attempts = delivery.attempts + 1;
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts, retry, this.random()));
    logger.warn({ deliveryId: delivery.deliveryId, subscriptionId: delivery.subscriptionId, attempts, error, nextAttemptAt: nextAttemptAt.toISOString() }, 'Webhook delivery not acknowledged; retrying later');
    await outbox.failed(delivery.deliveryId, { status, error, at, nextAttemptAt });
  }
}
