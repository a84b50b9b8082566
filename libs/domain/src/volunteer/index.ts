export * from './volunteer.events.js';
export * from './volunteer.commands.js';
export * from './volunteer.decider.js';
