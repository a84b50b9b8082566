export * from './social-worker.events.js';
export * from './social-worker.commands.js';
export * from './social-worker.decider.js';
