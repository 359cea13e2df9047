import type { JobsOptions, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { SingleFlight } from '@kelisim/kernel';

/** What a table that is the outbox of a queue of deliveries says about itself (a job's data is `{ deliveryId: <row id> }`). */
export interface RowOutboxOptions {
  /** The table: its rows have `id` (uuid), `state` ('pending' until done), `enqueued` and `created_at`. */
  table: string;
  jobName: string;
  /** The job of a row: derived from it, so queuing a row twice leaves one job. */
  jobId: (rowId: string) => string;
  jobOptions: () => JobsOptions;
  /** SQL true while a run holds the row (its send may be in flight): such a row is never an orphan. */
  held?: string;
}

/** A pending, queued row made this long ago (`created_at`) whose job is not live any more is an orphan. */
const ORPHAN_AFTER_MS = 30_000;
/** Rows whose job one reconciliation looks at: it walks the pending rows in id order, a slice at a time. */
const ORPHAN_SLICE = 200;
const FIRST_ID = '00000000-0000-0000-0000-000000000000';
const LIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * A table of PostgreSQL is the truth of a queue's work: each pending row gets one job, derived
 * from its id. `flush` queues the rows not queued yet and marks them; a crash in between queues
 * them again, and the derived id makes that a no-op. The reconciler (which watches the queue store)
 * calls `forgetQueued` when the store lost its jobs, and `requeueOrphans` for rows whose job ended
 * without finishing them: failed by BullMQ's stalled check (its worker died twice while running it),
 * completed by a run that found nothing to do, or removed. The processors decide by the row, so a
 * row queued again is still done once.
 */
export class RowOutbox {
  private readonly flight = new SingleFlight(() => this.drain());
  /** Where the walk through pending rows stands: the last id looked at. */
  private walkedTo = FIRST_ID;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: Queue,
    private readonly options: RowOutboxOptions,
  ) {}

  get name(): string {
    return this.options.table;
  }

  /** Queues every pending row not yet queued. Calls during a flush make it run once more. */
  flush(): Promise<number> {
    return this.flight.run();
  }

  /** The queue store lost its jobs: every pending row is marked not queued, for the next flush. Returns how many. */
  async forgetQueued(): Promise<number> {
    const [, marked] = (await this.dataSource.query(`UPDATE ${this.options.table} SET enqueued = false WHERE state = 'pending' AND enqueued`)) as [unknown, number];
    return marked;
  }

  /** Looks at the next slice of queued pending rows made a while ago; a row whose job is not live is queued again. Returns how many. */
  async requeueOrphans(): Promise<number> {
    const { table, held } = this.options;
    const rows = (await this.dataSource.query(
      `SELECT id FROM ${table}
        WHERE state = 'pending' AND enqueued AND id > $1 AND created_at < now() - make_interval(secs => $2::float8 / 1000) ${held ? `AND NOT coalesce(${held}, false)` : ''}
        ORDER BY id LIMIT ${ORPHAN_SLICE}`,
      [this.walkedTo, ORPHAN_AFTER_MS],
    )) as { id: string }[];
    this.walkedTo = rows.length === ORPHAN_SLICE ? rows[rows.length - 1].id : FIRST_ID;
    let requeued = 0;
    for (const { id } of rows) {
      const job = await this.queue.getJob(this.options.jobId(id));
      const state = job ? await job.getState() : 'missing';
      if (LIVE.has(state)) continue;
      if (job) await job.remove().catch(() => undefined);
      await this.queue.add(this.options.jobName, { deliveryId: id }, { ...this.options.jobOptions(), jobId: this.options.jobId(id) });
      requeued += 1;
    }
    return requeued;
  }

  /** One pass: batches until nothing pending is left unqueued. */
  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const queued = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id FROM ${this.options.table} WHERE state = 'pending' AND NOT enqueued ORDER BY created_at LIMIT 1000 FOR UPDATE SKIP LOCKED`,
        )) as { id: string }[];
        if (rows.length === 0) return 0;
        const opts = this.options.jobOptions();
        await this.queue.addBulk(rows.map((r) => ({ name: this.options.jobName, data: { deliveryId: r.id }, opts: { ...opts, jobId: this.options.jobId(r.id) } })));
        await manager.query(`UPDATE ${this.options.table} SET enqueued = true WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
        return rows.length;
      });
      total += queued;
      if (queued === 0) return total;
    }
  }
}
