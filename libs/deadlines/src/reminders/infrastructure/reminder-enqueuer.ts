import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock, SingleFlight } from '@kelisim/kernel';
import type { ReminderJobs } from '../application/reminder-jobs.js';
import { REMINDER_JOB_OPTIONS, REMINDER_LEAD_MS, REMINDERS_QUEUE, reminderJobId } from './reminder-queue.js';

const BATCH = 5000;
const PARALLEL = 2;

/**
 * A job's delay is how long the database says is left until the reminder's time, not the distance
 * from this process's clock, which may be off: BullMQ then counts it on its own clock. The database
 * measures from the statement's start; `add` takes off the time since this process sent it, so a
 * job is due when its reminder is, not later by how long the rows took to come back (thousands of
 * rows on a busy machine: tens of milliseconds). It may then wake a few milliseconds early (the
 * statement reached PostgreSQL after it was sent): the processor's claim judges that by the
 * database's clock. `$1` is the Clock's pinned time (a test's fixed clock), null in production.
 * A reminder's job is due REMINDER_LEAD_MS before it (the processor claims it at its time); an
 * overdue notice's, which takes the processor's careful path, at its time.
 */
const QUEUED_COLUMNS = `overdue, (extract(epoch FROM fire_at - coalesce($1::timestamptz, statement_timestamp())) * 1000)::float8 AS delay_ms`;
interface Queued {
  id: string;
  overdue: boolean;
  delay_ms: number;
}
interface Asked {
  rows: Queued[];
  askedAt: number;
}

/**
 * The reminders table is the outbox of the reminders queue: pending rows not yet queued become
 * delayed jobs in bulk (`addBulk`), then are marked. A crash in between re-adds them, which the
 * derived job id makes a no-op. Flushes run one at a time per process; a flush asked for meanwhile
 * makes the running one go round once more.
 */
@Injectable()
export class ReminderEnqueuer implements ReminderJobs {
  private readonly flight = new SingleFlight(() => this.drain());

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  flush(): Promise<number> {
    return this.flight.run();
  }

  /**
   * After Redis lost its data: every pending reminder becomes a job again, read page by page (the
   * rows already say "queued"; nothing in PostgreSQL changes). The next page is read while the
   * current one is being added.
   */
  async rebuild(): Promise<number> {
    const page = async (after: string): Promise<Asked> => {
      const askedAt = Date.now();
      const rows = (await this.dataSource.query(`SELECT id, ${QUEUED_COLUMNS} FROM reminders WHERE state = 'pending' AND id > $2 ORDER BY id LIMIT ${BATCH}`, [
        this.clock.pinned(),
        after,
      ])) as Queued[];
      return { rows, askedAt };
    };
    let total = 0;
    let current = await page('00000000-0000-0000-0000-000000000000');
    while (current.rows.length > 0) {
      const { rows } = current;
      const next = rows.length === BATCH ? page(rows[rows.length - 1].id) : Promise.resolve({ rows: [], askedAt: 0 });
      await this.add(current);
      total += rows.length;
      current = await next;
    }
    return total;
  }

  /** Removes the queued jobs of cancelled reminders; a job that escapes finds its row cancelled and does nothing. */
  async remove(reminderIds: readonly string[]): Promise<void> {
    await Promise.all(reminderIds.map((id) => this.queue.remove(reminderJobId(id)).catch(() => 0)));
  }

  /** Rows read at `askedAt` (this process's clock) become jobs stamped now, each due `delay_ms` after `askedAt` (less the lead). */
  private async add({ rows, askedAt }: Asked): Promise<void> {
    const now = Date.now();
    const since = now - askedAt;
    await this.queue.addBulk(
      rows.map((r) => ({
        name: 'fire',
        data: { reminderId: r.id },
        opts: { ...REMINDER_JOB_OPTIONS, jobId: reminderJobId(r.id), timestamp: now, delay: Math.max(0, Math.ceil(Number(r.delay_ms) - since - (r.overdue ? 0 : REMINDER_LEAD_MS))) },
      })),
    );
  }

  /** One pass: two loops over disjoint batches (SKIP LOCKED), so one talks to PostgreSQL while the other talks to Redis. */
  private async drain(): Promise<number> {
    const counts = await Promise.all(Array.from({ length: PARALLEL }, () => this.drainLoop()));
    return counts.reduce((a, b) => a + b, 0);
  }


  private async drainLoop(): Promise<number> {
    let total = 0;
    for (;;) {
      const queued = await this.dataSource.transaction(async (manager) => {
        const askedAt = Date.now();
        const rows = (await manager.query(
          `SELECT id, ${QUEUED_COLUMNS} FROM reminders WHERE state = 'pending' AND NOT enqueued ORDER BY fire_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [this.clock.pinned()],
        )) as Queued[];
        if (rows.length === 0) return 0;
        await this.add({ rows, askedAt });
        await manager.query('UPDATE reminders SET enqueued = true WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
        return rows.length;
      });
      total += queued;
      if (queued < BATCH) break;
    }
    return total;
  }
}
