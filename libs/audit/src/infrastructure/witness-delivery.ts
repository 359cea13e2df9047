import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { LoggedWorkerHost, QueueRegistry, type RowOutbox } from '@kelisim/queue';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { deliveryOutbox, WebhookChannel } from '@kelisim/notifications';
import type { WitnessQueue } from '../application/witness-queue.js';

export const WITNESS_QUEUE = 'witness-deliveries';
const jobId = (deliveryId: string): string => `wtn-${deliveryId}`;

/**
 * The witness_deliveries table is the outbox of the witness queue (a RowOutbox, as deliveries is
 * for the notifications'): the sealer inserts a row per active webhook witness in a checkpoint's
 * own transaction; pending rows not yet queued are added here and marked.
 */
@Injectable()
export class WitnessEnqueuer implements WitnessQueue, OnApplicationBootstrap {
  private readonly logger = new Logger(WitnessEnqueuer.name);
  private readonly outbox: RowOutbox;

  constructor(dataSource: DataSource, @InjectQueue(WITNESS_QUEUE) queue: Queue, @Inject(APP_CONFIG) config: AppConfig, registry: QueueRegistry) {
    this.outbox = deliveryOutbox(registry, dataSource, queue, config, { table: 'witness_deliveries', jobName: 'witness', jobId });
  }

  onApplicationBootstrap(): void {
    this.flush().catch((error: Error) => this.logger.error(`Queuing witness deliveries failed: ${error.name}`));
  }

  flush(): Promise<number> {
    return this.outbox.flush();
  }
}

interface WitnessDeliveryRow {
  id: string;
  state: string;
  witness_id: string;
  url: string | null;
  secret: string | null;
  active: boolean;
  tree_size: string;
  root_hash: Buffer;
  note: string;
  sealed_at: Date;
}

/**
 * Sends one checkpoint to one witness, signed and judged as a notification webhook is (the
 * notifications' WebhookChannel). A 2xx answer records the acknowledgement, insert-only.
 */
@Processor(WITNESS_QUEUE, { concurrency: 5 })
export class WitnessDeliveryProcessor extends LoggedWorkerHost {
  private readonly logger = new Logger(WitnessDeliveryProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhook: WebhookChannel,
  ) {
    super();
  }

  async process(job: Job<{ deliveryId: string }>): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT d.id, d.state, d.witness_id, w.url, w.secret, w.active, c.tree_size, c.root_hash, c.note, c.sealed_at
         FROM witness_deliveries d JOIN witnesses w ON w.id = d.witness_id JOIN journal_checkpoints c ON c.tree_size = d.tree_size
        WHERE d.id = $1`,
      [job.data.deliveryId],
    )) as WitnessDeliveryRow[];
    if (!row || row.state !== 'pending') return;
    const body = JSON.stringify({
      deliveryId: row.id,
      witnessId: row.witness_id,
      treeSize: Number(row.tree_size),
      rootHash: row.root_hash.toString('base64'),
      sealedAt: new Date(row.sealed_at).toISOString(),
      checkpoint: row.note,
    });
    try {
      if (!row.active || !row.url) throw new UnrecoverableError('WITNESS.INACTIVE');
      await this.webhook.post(row.url, body, row.id, row.secret ?? '');
    } catch (error) {
      const reason = (error as Error).message.slice(0, 2000);
      const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.dataSource.query(
        `UPDATE witness_deliveries SET attempts = attempts + 1, last_error = $2, state = CASE WHEN $3 THEN 'failed' ELSE state END WHERE id = $1 AND state = 'pending'`,
        [row.id, reason, last],
      );
      if (last) this.logger.warn(`Witness delivery ${row.id} failed for good: ${reason}`);
      throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE witness_deliveries SET attempts = attempts + 1, state = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1`,
        [row.id],
      );
      await manager.query(`INSERT INTO witness_acks (witness_id, tree_size) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [row.witness_id, row.tree_size]);
    });
  }
}
