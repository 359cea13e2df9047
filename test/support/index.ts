export * from './directory-fixtures.js';
export * from './test-app.js';
export * from './queue-store.js';
export * from './redis-cluster.js';
export * from './platform-process.js';
export * from './eds-pki.js';
export * from './documents.js';
export * from './ncalayer-stand-in.js';
