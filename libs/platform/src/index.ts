export * from './config/wushe-config.js';
export * from './infrastructure.js';
