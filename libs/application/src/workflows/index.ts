export * from './workflow-runner.js';
export * from './workflow.projection.js';
