export * from './grant-round.events.js';
export * from './grant-round.commands.js';
export * from './grant-round.ranking.js';
export * from './grant-round.opening.js';
export * from './grant-round.decider.js';
export * from './grant-round.reviews.js';
