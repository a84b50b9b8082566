import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export interface ReadKafkaMessage {
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a fresh consumer group until `enough(messages)` holds or
 * the timeout passes (then throws, saying how many arrived). Messages come in per-partition order.
 */
export async function readTopicUntil(
  brokers: string[],
  topic: string,
  enough: (messages: readonly ReadKafkaMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<ReadKafkaMessage[]> {
  const kafka = new Kafka({ clientId: 'wushe-test-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `wushe-test-${randomUUID()}`, sessionTimeout: 10_000 });
  const messages: ReadKafkaMessage[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`read ${messages.length} messages from ${topic} in ${timeoutMs} ms without meeting the expectation`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            messages.push({ partition, offset: Number(message.offset), key: String(message.key), value: String(message.value), headers });
            if (enough(messages)) resolve();
          },
        })
        .catch(reject);
    });
    return messages;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/** First occurrence per eventId, in the order read: what a deduplicating consumer keeps. */
export const dedupeByEventId = (messages: readonly ReadKafkaMessage[]): ReadKafkaMessage[] => {
  const seen = new Set<string>();
  return messages.filter((message) => {
    const eventId = message.headers.eventId ?? '';
    if (seen.has(eventId)) return false;
    seen.add(eventId);
    return true;
  });
};
