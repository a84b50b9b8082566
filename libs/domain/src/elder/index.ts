export * from './elder.events.js';
export * from './elder.commands.js';
export * from './elder.decider.js';
