export * from './demo-clock.js';
export * from './demo-client.js';
export * from './demo-http.js';
export * from './demo-service.js';
export * from './list-counts.js';
export * from './load-demo-district.js';
export * from './demo-credentials.js';
