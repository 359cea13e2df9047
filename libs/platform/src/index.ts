export * from './embedded/embedded-postgres.js';
export * from './migrations.js';
export * from './platform.module.js';
export * from './shutdown.js';
export * from './start.js';
export * from './logging.js';
export * from './worker.js';
export * from './web-console.js';
export { APPEND_ONLY_TABLES, ensurePlatformRole, PLATFORM_ROLE, type PlatformRole } from './platform-role.js';
