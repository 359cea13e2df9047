import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@kelisim/config';
import { type QueueRegistry, RowOutbox, type RowOutboxOptions } from '@kelisim/queue';

/** Queue names and job ids: a job id is derived from its PostgreSQL row (no ':', never all digits). */
export const DELIVERIES_QUEUE = 'deliveries';
export const deliveryJobId = (deliveryId: string): string => `dlv-${deliveryId}`;

const deliveryJobOptions = (backoffMs: number, attempts: number) => ({
  attempts,
  backoff: { type: 'exponential' as const, delay: backoffMs },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
});

/**
 * A table of deliveries as the outbox of `queue` (a RowOutbox, registered for the reconciler), its
 * jobs retried as the notifications' deliveries are (KELISIM_DELIVERY_BACKOFF_MS, _ATTEMPTS): the
 * notifications' own and the journal witnesses'.
 */
export function deliveryOutbox(
  registry: QueueRegistry,
  dataSource: DataSource,
  queue: Queue,
  config: AppConfig,
  options: Omit<RowOutboxOptions, 'jobOptions'>,
): RowOutbox {
  const jobOptions = () => deliveryJobOptions(config.deliveries.backoffMs, config.deliveries.attempts);
  return registry.addOutbox(new RowOutbox(dataSource, queue, { ...options, jobOptions }));
}
