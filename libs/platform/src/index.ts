export * from './config/wushe-config.js';
export * from './infrastructure.js';
export * from './start-relay.js';
export * from './application-services.js';
