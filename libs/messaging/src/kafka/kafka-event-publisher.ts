import { Partitioners, type Admin, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import type { EventPublisher } from '../relay/event-publisher.js';
import type { OutgoingMessage } from '../relay/event-message.js';
import { describeError, type RelayLogger } from '../relay/relay-logger.js';

export interface KafkaTopicSettings {
  partitions: number;
  replicationFactor: number;
}

/** kafkajs's disconnect can hang on a half-open socket; a reset must not. */
const DISCONNECT_TIMEOUT_MS = 3000;

/**
 * Publishes through one idempotent kafkajs producer (acks from all in-sync replicas, one request in
 * flight, so a partition's messages land in send order). Topics are created on first use with the
 * configured partitions and replication factor; existing topics are left as they are (changing the
 * partition count would move keys between partitions and break per-stream order).
 *
 * After any failure the producer and admin are dropped and rebuilt on the next call: a fresh
 * producer id avoids kafkajs's stuck sequence numbers after a broker restart, at the price of
 * possible duplicates, which the relay's at-least-once contract allows.
 */
export class KafkaEventPublisher implements EventPublisher {
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private readonly knownTopics = new Set<string>();
  private isConnected = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicSettings: KafkaTopicSettings,
    private readonly logger: RelayLogger,
  ) {}

  get connected(): boolean {
    return this.isConnected;
  }

  async prepare(topics: readonly string[]): Promise<void> {
    await this.guarded(async () => {
      await this.connect();
      await this.ensureTopics(topics);
    });
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.guarded(async () => {
      const producer = await this.connect();
      const byTopic = new Map<string, TopicMessages>();
      for (const message of messages) {
        const topicMessages = byTopic.get(message.topic) ?? { topic: message.topic, messages: [] };
        topicMessages.messages.push({
          key: message.key,
          value: message.value,
          headers: message.headers,
          ...(message.timestamp === undefined ? {} : { timestamp: message.timestamp }),
        });
        byTopic.set(message.topic, topicMessages);
      }
      await this.ensureTopics([...byTopic.keys()]);
      // acks -1: resolved only once every in-sync replica has the batch, the relay's cue to checkpoint.
      await producer.sendBatch({ acks: -1, topicMessages: [...byTopic.values()] });
    });
  }

  async disconnect(): Promise<void> {
    await this.reset();
  }

  private async guarded(operation: () => Promise<void>): Promise<void> {
    try {
      await operation();
      this.isConnected = true;
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  private async connect(): Promise<Producer> {
    if (this.producer) return this.producer;
    const admin = this.kafka.admin();
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The Java client's murmur2 partitioner: a JVM consumer computing partitions from keys agrees with us.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded so a dead broker surfaces to the relay's backoff (and /health) instead of retrying forever.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.admin = admin;
    this.producer = producer;
    await admin.connect();
    await producer.connect();
    return producer;
  }

  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const unknown = [...new Set(topics)].filter((topic) => !this.knownTopics.has(topic));
    if (unknown.length === 0) return;
    if (!this.admin) throw new Error('Kafka admin is not connected');
    const existing = new Set(await this.admin.listTopics());
    const missing = unknown.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      // Another relay may create the same topic at the same moment; kafkajs answers false then, not an error.
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.topicSettings.partitions,
          replicationFactor: this.topicSettings.replicationFactor,
        })),
      });
      this.logger.info({ topics: missing, ...this.topicSettings }, 'created Kafka topics');
    }
    for (const topic of unknown) this.knownTopics.add(topic);
  }

  private async reset(): Promise<void> {
    this.isConnected = false;
    // A broker that lost its data lost its topics too: look again after reconnecting.
    this.knownTopics.clear();
    const { admin, producer } = this;
    this.admin = undefined;
    this.producer = undefined;
    const closing = Promise.allSettled([producer?.disconnect(), admin?.disconnect()]).then((results) => {
      for (const result of results) {
        if (result.status === 'rejected') this.logger.debug({ error: describeError(result.reason) }, 'Kafka disconnect failed');
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DISCONNECT_TIMEOUT_MS);
    });
    await Promise.race([closing, timeout]);
    clearTimeout(timer);
  }
}
