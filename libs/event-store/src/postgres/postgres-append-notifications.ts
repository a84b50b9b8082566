import pg from 'pg';
import type { AppendNotifier } from '../subscription/polling-subscription.js';

/** Appends committed within this window share one NOTIFY to other processes. */
const NOTIFY_COALESCE_MS = 5;

export interface AppendNotificationsOptions {
  readonly pool: pg.Pool;
  readonly connectionString: string;
  /** The NOTIFY channel (an identifier: at most 63 bytes). */
  readonly channel: string;
  /** Wakes this process's subscriptions. */
  readonly notifier: AppendNotifier;
  /** Whether the store is closed: nothing is re-armed or reconnected then. */
  readonly closed: () => boolean;
  /** Whether any subscription still wants to hear of other processes' appends. */
  readonly wanted: () => boolean;
}

/**
 * How a PostgreSQL store's subscriptions hear of appends. Own appends wake them at once; other
 * processes' through one coalesced `pg_notify` per burst, sent after the commit (not inside the
 * append: NOTIFY serialises committing transactions on a cluster-wide lock), heard on one LISTEN
 * connection per store. The subscriptions' poll covers lost notifications and a listener that is down.
 */
export class AppendNotifications {
  private listener: pg.Client | null = null;
  private listenerRetry: NodeJS.Timeout | null = null;
  private listenerFailures = 0;
  private publishing: Promise<void> | null = null;
  private notifyTimer: NodeJS.Timeout | null = null;
  private publishAgain = false;

  constructor(private readonly options: AppendNotificationsOptions) {}

  /**
   * After a committed append: wakes own subscribers at once, and other processes through one NOTIFY
   * per burst: appends committed within NOTIFY_COALESCE_MS, or while one NOTIFY is on its way, share
   * the next. (Sent per append it doubled the statements of a lone writer.)
   */
  published(): void {
    this.options.notifier.notify();
    if (this.notifyTimer || this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.notifyTimer = setTimeout(() => this.sendNotify(), NOTIFY_COALESCE_MS);
  }

  /** One LISTEN connection per store, reconnected with backoff; polling covers the time it is down. */
  ensureListening(): void {
    if (this.listener || this.listenerRetry || this.options.closed()) return;
    const client = new pg.Client({ connectionString: this.options.connectionString });
    this.listener = client;
    const reconnect = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      if (this.options.closed() || !this.options.wanted()) return;
      const delay = Math.min(100 * 2 ** this.listenerFailures++, 10_000);
      this.listenerRetry = setTimeout(() => {
        this.listenerRetry = null;
        if (this.options.wanted()) this.ensureListening();
      }, delay);
    };
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) this.options.notifier.notify();
    });
    client.on('error', reconnect);
    client.on('end', reconnect);
    client
      .connect()
      .then(() => client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`))
      .then(() => {
        this.listenerFailures = 0;
        // Anything committed while we were not listening is picked up by this wake-up.
        this.options.notifier.notify();
      })
      .catch(reconnect);
  }

  /** Stops listening; appends of the last few milliseconds still tell the other processes. */
  async close(): Promise<void> {
    if (this.listenerRetry) clearTimeout(this.listenerRetry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    if (this.notifyTimer) {
      clearTimeout(this.notifyTimer);
      await this.sendNotify();
    }
    await this.publishing;
  }

  private sendNotify(): Promise<void> {
    this.notifyTimer = null;
    this.publishAgain = false;
    this.publishing = this.options.pool
      .query('SELECT pg_notify($1, $2)', [this.options.channel, ''])
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.publishing = null;
        if (this.publishAgain && !this.options.closed()) {
          this.publishAgain = false;
          this.notifyTimer = setTimeout(() => this.sendNotify(), NOTIFY_COALESCE_MS);
        }
      });
    return this.publishing;
  }
}
