/**
 * The application layer: plain TypeScript, no framework. What happens between a request (HTTP, a
 * policy, a CLI) and the domain: loading the facts a decision needs, checking who may ask,
 * deciding, appending, and running the workflows and policies that react to stored facts.
 * Apps only wire it.
 */
export * from './workflows/index.js';
