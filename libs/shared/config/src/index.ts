export * from './app-config.js';
export * from './metrics.js';
export * from './services.js';
