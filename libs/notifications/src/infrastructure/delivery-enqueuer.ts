import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { SingleFlight } from '@kelisim/kernel';
import type { DeliveryQueue } from '../application/delivery-queue.js';
import { DELIVERIES_QUEUE, deliveryJobId, deliveryJobOptions } from './queues.js';

/**
 * The deliveries table is the outbox of the delivery queue: pending rows not yet queued are added
 * in bulk and marked. A crash in between re-adds them; the derived job id makes that a no-op.
 */
@Injectable()
export class DeliveryEnqueuer implements DeliveryQueue {
  private readonly logger = new Logger(DeliveryEnqueuer.name);
  private readonly flight = new SingleFlight(() => this.drain());

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(DELIVERIES_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues every pending delivery not yet queued. Calls during a flush make it run once more. */
  flush(): Promise<number> {
    return this.flight.run();
  }

  /**
   * The queue store lost its jobs (a new or flushed Redis): every pending delivery is marked not
   * queued, so the next flush queues it again (the derived job id keeps a surviving job single).
   * Returns how many were marked. Called by the reminders' reconciler, which watches the store.
   */
  async forgetQueued(): Promise<number> {
    const [, marked] = (await this.dataSource.query(`UPDATE deliveries SET enqueued = false WHERE state = 'pending' AND enqueued`)) as [unknown, number];
    return marked;
  }

  /** One pass: batches until nothing pending is left unqueued. */
  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const queued = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id FROM deliveries WHERE state = 'pending' AND NOT enqueued ORDER BY created_at LIMIT 1000 FOR UPDATE SKIP LOCKED`,
        )) as { id: string }[];
        if (rows.length === 0) return 0;
        const options = deliveryJobOptions(this.config.deliveries.backoffMs, this.config.deliveries.attempts);
        await this.queue.addBulk(rows.map((r) => ({ name: 'deliver', data: { deliveryId: r.id }, opts: { ...options, jobId: deliveryJobId(r.id) } })));
        await manager.query('UPDATE deliveries SET enqueued = true WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
        return rows.length;
      });
      total += queued;
      if (queued === 0) break;
    }
    if (total > 0) this.logger.debug(`queued ${total} deliveries (${this.config.queuePrefix})`);
    return total;
  }

}
