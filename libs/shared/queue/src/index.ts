export * from './queue.module.js';
export * from './queue-registry.js';
export * from './redis-connection.js';
