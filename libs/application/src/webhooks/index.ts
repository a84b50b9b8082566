export * from './webhook-signatures.js';
export * from './webhook-sender.js';
export * from './webhook-dispatcher.js';
export * from './webhook-deadlines.js';
export * from './webhook-proposals.js';
