/**
 * The application layer: plain TypeScript, no framework. What happens between a request (HTTP, a
 * policy, a CLI) and the domain: loading the facts a decision needs, checking who may ask,
 * deciding, appending, and running the workflows and policies that react to stored facts.
 * Apps only wire it.
 */
export * from './command-handling/command-table.js';
export * from './command-handling/command-service.js';
export * from './commands/index.js';
export * from './facts/facts-loader.js';
export * from './personal-data/personal-data-step.js';
export * from './matching/auto-match.js';
export * from './matching/matching-service.js';
export * from './matching/matching-checkpoint-file.js';
export * from './policies/run-follow-up.js';
export * from './workflows/index.js';
export * from './policies/policy-projection.js';
export * from './policies/need-freshness-clock.js';
export * from './policies/matching-gifts.js';
export * from './service-sessions/session-codes.js';
export * from './projector/start-projector.js';
export * from './identity/actor.js';
export * from './authority/authority.js';
export * from './authority/person-visibility.js';
export * from './authority/read-access.js';
export * from './history/index.js';
export * from './trail/donation-trail.js';
export * from './open-contracting/index.js';
export * from './webhooks/index.js';
export * from './reports/report-drafts.js';
export * from './reports/project-money.js';
