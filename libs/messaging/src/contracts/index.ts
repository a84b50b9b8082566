export * from './integration-event.js';
export { JSON_SCHEMA_DIALECT, type JsonSchema } from './json-schema.js';
export * from './public-contract.js';
export * from './contract-validator.js';
export * from './public-contract-mapping.js';
export * from './asyncapi-document.js';
