export { NotificationsHttpModule, NotificationsModule, NotificationsWorkerModule } from './notifications.module.js';
export { Notifier, type NotifyInput, type PreparedNotifications } from './application/notifier.js';
export { NotificationQueries, type NotificationView, type DeliveryView } from './application/notification.queries.js';
export { DigestComposer } from './infrastructure/digest-composer.js';
export { type DigestEnclosure, DigestEnclosures } from './application/digest-enclosures.js';
export { DELIVERIES_QUEUE, deliveryJobId } from './infrastructure/queues.js';
export { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, WebhookChannel, WebhookFailedError } from './infrastructure/channels.js';
/** A table of deliveries as a queue's outbox, retried as a delivery is (attempts, exponential backoff, retention): witnesses of the journal use it too. */
export { deliveryOutbox } from './infrastructure/queues.js';
export { DnsWebhookTargets } from './infrastructure/webhooks/webhook-targets.js';
export { NOTIFICATION_TYPES, type NotificationType, type MessageParams, render } from './domain/templates.js';
import { Notifications1764000000600 } from './infrastructure/1764000000600-notifications.js';
import { Digests1764000000610 } from './infrastructure/1764000000610-digests.js';
import { DeliveryLease1765000000650 } from './infrastructure/1765000000650-delivery-lease.js';
import { DigestEnclosure1765000000660 } from './infrastructure/1765000000660-digest-enclosure.js';
import { NotificationsPut1765000001220 } from './infrastructure/1765000001220-notifications-put.js';
export const notificationsMigrations = [
  Notifications1764000000600,
  Digests1764000000610,
  DeliveryLease1765000000650,
  DigestEnclosure1765000000660,
  NotificationsPut1765000001220,
];
