export * from './backoff.js';
export * from './event-message.js';
export * from './event-publisher.js';
export * from './kafka-relay.js';
export * from './relay-checkpoint-store.js';
export * from './relay-logger.js';
export * from './run-relay.js';
export * from './sqlite-relay-checkpoint-store.js';
