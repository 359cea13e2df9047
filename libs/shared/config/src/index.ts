export * from './app-config.js';
export * from './configuration-error.js';
export * from './connection-shortage.js';
export * from './metrics.js';
export * from './redis-target.js';
export * from './services.js';
