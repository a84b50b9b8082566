export * from './donation.events.js';
export * from './donation.commands.js';
export * from './donation.decider.js';
