import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { Clock } from '@kelisim/kernel';
import { KEY_PREFIX, KeyStore, QueueRegistry } from '@kelisim/queue';
import { epochKey, REMINDER_JOB_OPTIONS, REMINDERS_QUEUE, reminderJobId } from './reminder-queue.js';
import { ReminderEnqueuer } from './reminder-enqueuer.js';

/** A pending reminder this late has lost its job (or its worker): it is re-queued to fire at once. */
const LATE_AFTER_MS = 30_000;

/**
 * Rebuilds the queues from PostgreSQL's rows. At worker start and every minute: when the queue store
 * is new or lost its data (the epoch key is gone: Redis wiped, or the queues just moved to this
 * store), every pending reminder and delivery (the registry's outboxes: notifications' and
 * witnesses') is marked unqueued; then every outbox is flushed; then pending reminders well past
 * their time, and queued pending deliveries made a while ago, whose job is missing or dead are re-queued.
 * Firing and sending stay exactly-once: the processors decide by the row, not the job.
 */
@Injectable()
export class ReminderReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderReconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reminders: ReminderEnqueuer,
    private readonly registry: QueueRegistry,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
    private readonly keys: KeyStore,
    @Inject(KEY_PREFIX) private readonly prefix: string,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.reconcileIntervalMs;
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  reconcile(): Promise<void> {
    this.running ??= this.run()
      .catch((error: Error) => this.logger.warn(`Reconciliation failed: ${error.message}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(): Promise<void> {
    const outboxes = this.registry.outboxes();
    if (await this.keys.setIfAbsent(epochKey(this.prefix), this.clock.now().toISOString())) {
      const forgotten = [`${await this.reminders.rebuild()} reminders`];
      for (const outbox of outboxes) forgotten.push(`${await outbox.forgetQueued()} ${outbox.name}`);
      if (forgotten.some((f) => !f.startsWith('0 '))) this.logger.warn(`The queue store was new or had lost its data: re-queued ${forgotten.join(', ')}`);
    }
    await this.reminders.flush();
    for (const outbox of outboxes) await outbox.flush();
    await this.requeueLate();
    for (const outbox of outboxes) {
      const requeued = await outbox.requeueOrphans();
      if (requeued > 0) this.logger.warn(`${requeued} pending ${outbox.name} had lost their jobs (failed by the stalled check, ended, or removed): re-queued`);
    }
  }

  private async requeueLate(): Promise<void> {
    const late = (await this.dataSource.query(
      // Late by the database's clock: a worker's own may be off.
      `SELECT id FROM reminders WHERE state = 'pending' AND enqueued AND fire_at < coalesce($2::timestamptz, clock_timestamp()) - make_interval(secs => $1::float8 / 1000) ORDER BY fire_at LIMIT 1000`,
      [LATE_AFTER_MS, this.clock.pinned()],
    )) as { id: string }[];
    for (const { id } of late) {
      const job = await this.queue.getJob(reminderJobId(id));
      const state = job ? await job.getState() : 'missing';
      if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') continue;
      if (job) await job.remove().catch(() => undefined);
      await this.queue.add('fire', { reminderId: id }, { ...REMINDER_JOB_OPTIONS, jobId: reminderJobId(id) });
      this.logger.warn(`Reminder ${id} was late and its job ${state}: re-queued to fire now`);
    }
  }
}
