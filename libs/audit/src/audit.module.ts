import { Module } from '@nestjs/common';
import { AuditQueries } from './application/audit.queries.js';
import { AuditController } from './http/audit.controller.js';
import { registerTransparencyProblems } from './http/transparency.problems.js';

registerTransparencyProblems();

@Module({ providers: [AuditQueries], exports: [AuditQueries] })
export class AuditModule {}

@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditHttpModule {}
