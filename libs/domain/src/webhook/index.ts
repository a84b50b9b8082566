export * from './webhook.events.js';
export * from './webhook.commands.js';
export * from './webhook.decider.js';
export * from './webhook-target.js';
