export * from './kafka-client.js';
export * from './kafka-event-publisher.js';
