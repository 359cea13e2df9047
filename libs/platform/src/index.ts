export * from './migrations.js';
export * from './platform.module.js';
export * from './start.js';
