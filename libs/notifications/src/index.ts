export { NotificationsHttpModule, NotificationsModule, NotificationsWorkerModule } from './notifications.module.js';
export { Notifier, type NotifyInput } from './application/notifier.js';
export { NotificationQueries, type NotificationView, type DeliveryView } from './application/notification.queries.js';
export { DeliveryEnqueuer } from './infrastructure/delivery-enqueuer.js';
export { DELIVERIES_QUEUE, deliveryJobId } from './infrastructure/queues.js';
export { SIGNATURE_HEADER, signWebhook } from './infrastructure/channels.js';
export { NOTIFICATION_TYPES, type NotificationType, type MessageParams, formatInstant, render } from './domain/templates.js';
import { Notifications1764000000600 } from './infrastructure/1764000000600-notifications.js';
export const notificationsMigrations = [Notifications1764000000600];
