export * from './shared/decider.js';
export * from './shared/domain-error.js';
export * from './shared/values.js';
export * from './shared/facts.js';
