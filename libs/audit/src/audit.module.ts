import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DirectoryModule } from '@kelisim/directory';
import { NotificationsModule, NotificationsWorkerModule } from '@kelisim/notifications';
import { QueueModule } from '@kelisim/queue';
import { AuditQueries } from './application/audit.queries.js';
import { JournalSealer } from './application/journal-sealer.js';
import { TransparencyQueries } from './application/transparency.queries.js';
import { DeactivateWitnessHandler, RegisterWitnessHandler } from './application/witnesses/witness.handlers.js';
import { WitnessQueries } from './application/witnesses/witness-queries.js';
import { AuditController } from './http/audit.controller.js';
import { WitnessesController } from './http/witnesses.controller.js';
import { WITNESS_QUEUE, WitnessDeliveryProcessor, WitnessEnqueuer } from './infrastructure/witness-delivery.js';
import { registerTransparencyProblems } from './http/transparency.problems.js';
import { JournalKey } from './application/journal-key.js';
import { WitnessQueue } from './application/witness-queue.js';
import { EmailWitnesses } from './infrastructure/email-witnesses.js';

registerTransparencyProblems();

@Module({ providers: [AuditQueries, TransparencyQueries, JournalKey], exports: [AuditQueries, TransparencyQueries, JournalKey] })
export class AuditModule {}

/** The witnesses' commands (the webhook target rules are the notifications'). */
@Module({
  imports: [AuditModule, CqrsModule, DirectoryModule, NotificationsModule],
  controllers: [AuditController, WitnessesController],
  providers: [WitnessQueries, RegisterWitnessHandler, DeactivateWitnessHandler],
})
export class AuditHttpModule {}

/**
 * The worker's part: the sealer of the journal's tree and its checkpoints, and the deliveries of
 * each checkpoint to the witnesses (signed and sent by the notifications' webhook channel), and the
 * latest checkpoint enclosed in the daily digest of the e-mail witnesses.
 */
@Module({
  imports: [AuditModule, NotificationsWorkerModule, QueueModule.registerQueue(WITNESS_QUEUE)],
  providers: [JournalSealer, WitnessEnqueuer, { provide: WitnessQueue, useExisting: WitnessEnqueuer }, WitnessDeliveryProcessor, EmailWitnesses],
  exports: [JournalSealer],
})
export class AuditWorkerModule {}
