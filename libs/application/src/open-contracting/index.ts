export * from './ocds-mapping.js';
export * from './open-contracting.js';
