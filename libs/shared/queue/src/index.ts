export * from './key-store/key-store.js';
export * from './logged-worker-host.js';
export * from './queue.module.js';
export * from './queue-backend.js';
export * from './queue-registry.js';
export * from './redis-connection.js';
export * from './row-outbox.js';

import { KeyStore1764000001000 } from './key-store/1764000001000-key-store.js';
export const queueMigrations = [KeyStore1764000001000];
