export * from './relay/index.js';
export * from './kafka/index.js';
export * from './contracts/index.js';
