import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { QueueRegistry, type RowOutbox } from '@kelisim/queue';
import type { DeliveryQueue } from '../application/delivery-queue.js';
import { DELIVERIES_QUEUE, deliveryJobId, deliveryOutbox } from './queues.js';

/**
 * The deliveries table is the outbox of the delivery queue (a RowOutbox, which the reconciler also
 * walks): pending rows not yet queued are added in bulk and marked.
 */
@Injectable()
export class DeliveryEnqueuer implements DeliveryQueue {
  private readonly outbox: RowOutbox;

  constructor(dataSource: DataSource, @InjectQueue(DELIVERIES_QUEUE) queue: Queue, @Inject(APP_CONFIG) config: AppConfig, registry: QueueRegistry) {
    this.outbox = deliveryOutbox(registry, dataSource, queue, config, {
      table: 'deliveries',
      jobName: 'deliver',
      jobId: deliveryJobId,
      // The processor's lease: a send may be in flight (see DeliveryProcessor.lease).
      held: 'sending_until >= now()',
    });
  }

  /** Queues every pending delivery not yet queued. Calls during a flush make it run once more. */
  flush(): Promise<number> {
    return this.outbox.flush();
  }
}
