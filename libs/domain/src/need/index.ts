export * from './need.events.js';
export * from './need.commands.js';
export * from './need.decider.js';
