export * from './event-descriptions.js';
export * from './record-history.js';
export * from './history-access.js';
