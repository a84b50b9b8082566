export * from './webhooks.tables.js';
export * from './webhook-notices.js';
export * from './webhook-outbox.projection.js';
export * from './webhook-outbox.store.js';
