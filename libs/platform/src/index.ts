export * from './config/wushe-config.js';
export * from './config/listen-address.js';
export * from './infrastructure.js';
export * from './start-relay.js';
export * from './application-services.js';
export * from './auth/embedded-issuer.js';
export * from './auth/token-verifier.js';
