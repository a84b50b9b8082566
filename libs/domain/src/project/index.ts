export * from './project.events.js';
export * from './project.commands.js';
export * from './project.state.js';
export * from './project.rules.js';
export * from './project.decider.js';
export * from './append-only-log.js';
export * from './report-figures.js';
