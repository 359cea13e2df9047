import { Module } from '@nestjs/common';
import { AuditQueries } from './application/audit.queries.js';
import { JournalSealer } from './application/journal-sealer.js';
import { TransparencyQueries } from './application/transparency.queries.js';
import { AuditController } from './http/audit.controller.js';
import { registerTransparencyProblems } from './http/transparency.problems.js';
import { JournalKey } from './infrastructure/journal-key.js';

registerTransparencyProblems();

@Module({ providers: [AuditQueries, TransparencyQueries, JournalKey], exports: [AuditQueries, TransparencyQueries, JournalKey] })
export class AuditModule {}

@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditHttpModule {}

/** The worker's part: the sealer of the journal's tree and its checkpoints. */
@Module({ imports: [AuditModule], providers: [JournalSealer], exports: [JournalSealer] })
export class AuditWorkerModule {}
