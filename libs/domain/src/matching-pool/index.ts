export * from './matching-pool.events.js';
export * from './matching-pool.commands.js';
export * from './matching-pool.decider.js';
