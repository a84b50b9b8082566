export * from './community.events.js';
export * from './community.commands.js';
export * from './community.decider.js';
