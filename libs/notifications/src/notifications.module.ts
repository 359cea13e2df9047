import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DirectoryModule } from '@kelisim/directory';
import { QueueModule } from '@kelisim/queue';
import { MarkNotificationReadHandler } from './application/mark-read/mark-notification-read.handler.js';
import { NotificationQueries } from './application/notification.queries.js';
import { Notifier } from './application/notifier.js';
import { SetWebhookEndpointHandler } from './application/set-webhook/set-webhook-endpoint.handler.js';
import { EmailChannel, WebhookChannel } from './infrastructure/channels.js';
import { DeliveryQueue } from './application/delivery-queue.js';
import { DeliveryEnqueuer } from './infrastructure/delivery-enqueuer.js';
import { DeliveryProcessor } from './infrastructure/delivery.processor.js';
import { DigestComposer } from './infrastructure/digest-composer.js';
import { DigestEnclosures } from './application/digest-enclosures.js';
import { DELIVERIES_QUEUE } from './infrastructure/queues.js';
import { DnsWebhookTargets } from './infrastructure/webhooks/webhook-targets.js';
import { WebhookTargets } from './application/set-webhook/webhook-targets.js';
import { NotificationsController } from './http/notifications.controller.js';
import { registerNotificationProblems } from './http/notifications.problems.js';

registerNotificationProblems();

/** The inbox, the delivery ledger and its queue; for both roots. */
const deliveriesQueue = QueueModule.registerQueue(DELIVERIES_QUEUE);

@Module({
  imports: [CqrsModule, DirectoryModule, deliveriesQueue],
  providers: [
    Notifier,
    NotificationQueries,
    DeliveryEnqueuer,
    { provide: DeliveryQueue, useExisting: DeliveryEnqueuer },
    MarkNotificationReadHandler,
    SetWebhookEndpointHandler,
    DnsWebhookTargets,
    { provide: WebhookTargets, useExisting: DnsWebhookTargets },
  ],
  exports: [Notifier, NotificationQueries, DeliveryQueue, DnsWebhookTargets, deliveriesQueue],
})
export class NotificationsModule {}

@Module({ imports: [NotificationsModule], controllers: [NotificationsController] })
export class NotificationsHttpModule {}

/** The delivery worker: only where the worker runs. */
@Module({
  imports: [NotificationsModule, DirectoryModule],
  providers: [DeliveryProcessor, EmailChannel, WebhookChannel, DigestComposer, DigestEnclosures],
  exports: [DigestComposer, DigestEnclosures, WebhookChannel],
})
export class NotificationsWorkerModule {}
