export * from './organisation.events.js';
export * from './organisation.commands.js';
export * from './organisation.decider.js';
