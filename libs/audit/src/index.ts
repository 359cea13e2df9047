export { AuditHttpModule, AuditModule } from './audit.module.js';
export { AuditQueries, type AuditEventView } from './application/audit.queries.js';
export * from './domain/transparency/index.js';
