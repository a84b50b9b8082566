import type { OutgoingMessage } from './event-message.js';

/**
 * The relay's view of a broker. `publish` resolves only once the broker acknowledged every message
 * (that is what lets the relay move its checkpoint); any failure rejects and the relay retries the
 * whole batch. The Kafka adapter is in ../kafka/.
 */
export interface EventPublisher {
  /** Connects and creates the topics that do not exist yet; safe to call again. */
  prepare(topics: readonly string[]): Promise<void>;
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  /** True while the last connect or publish succeeded. */
  readonly connected: boolean;
  disconnect(): Promise<void>;
}
