/**
 * The two sides bench:queues compares on one queue store: the platform firing reminders, and raw
 * BullMQ (the platform's own `BackendQueue`/`BackendWorker` on the same connection, a queue of its
 * own, a no-op processor with the platform's concurrency). Each side plants a round of due times
 * and then reports, per planted item, how late it fired from the instant it was planned for.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Job, Queue, Worker } from 'bullmq';
import type { Client } from 'pg';
import type { RunningConfig } from '@kelisim/config';

/** ReminderProcessor's concurrency: the raw worker gets the same. */
export const CONCURRENCY = 200;

export interface Fired {
  /** Milliseconds late, one per item fired. */
  late: number[];
  /** When the last one fired (epoch ms), NaN when none did. */
  lastAt: number;
  /** Milliseconds from the planned instant to the job's `processedOn` (BullMQ's stamp when a worker took it), one per job found. */
  taken: number[];
}

export interface Side {
  /** Plants items due at `due` (epoch ms); `wait` reports them. */
  plant(due: number[]): Promise<Round>;
  close(): Promise<void>;
}

export interface Round {
  /** Resolves once every item planted has fired, or at `giveUpAt` with those that did. */
  wait(giveUpAt: number): Promise<Fired>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The platform: deadlines and one reminder each, written with SQL (as bench:reminders does) and
 * queued by the platform's own outbox flush. Lateness is `fired_at − fire_at` from PostgreSQL:
 * `fired_at` is `clock_timestamp()` in the claim's UPDATE, after the job started, its rows were read
 * and its message rendered — the instant the reminder is claimed and its notification put in the inbox.
 */
export async function platformSide(app: INestApplication, sql: Client, recipient: string): Promise<Side> {
  const { ReminderEnqueuer } = await import('@kelisim/deadlines');
  const { getQueueToken } = await import('@nestjs/bullmq');
  const enqueuer = app.get(ReminderEnqueuer);
  const queue = app.get<Queue>(getQueueToken('reminders'));
  return {
    async plant(due) {
      const { rows } = await sql.query<{ id: string }>(
        `WITH d AS (
           INSERT INTO deadlines (id, subject_type, subject_id, title, due_at, revision, state, policy, audience, participant_ids, passed_revision, version)
           SELECT gen_random_uuid(), 'task', gen_random_uuid(), 'Bench task', to_timestamp(t / 1000.0) + interval '1 hour', 1, 'open', NULL,
                  jsonb_build_object('executor', jsonb_build_array($1::uuid), 'co_executors', '[]'::jsonb, 'controller', '[]'::jsonb, 'executor_head', '[]'::jsonb),
                  ARRAY[$1::uuid], NULL, 1
             FROM unnest($2::float8[]) AS t
           RETURNING id, subject_id, due_at)
         INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
         SELECT gen_random_uuid(), d.id, d.subject_id, 1, 'before:PT1H', $1::uuid, false, d.due_at - interval '1 hour' FROM d
         RETURNING id`,
        [recipient, due],
      );
      await enqueuer.flush();
      const ids = rows.map((r) => r.id);
      return {
        async wait(giveUpAt) {
          for (;;) {
            const { rows: left } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reminders WHERE id = ANY($1::uuid[]) AND state = 'pending'`, [ids]);
            if (left[0].n === 0 || Date.now() > giveUpAt) break;
            await sleep(200);
          }
          const { rows: fired } = await sql.query<{ id: string; late: number; at: number; due: number }>(
            `SELECT id, extract(epoch FROM fired_at - fire_at)::float8 * 1000 AS late, extract(epoch FROM fired_at)::float8 * 1000 AS at,
                    extract(epoch FROM fire_at)::float8 * 1000 AS due
               FROM reminders WHERE id = ANY($1::uuid[]) AND state = 'fired'`,
            [ids],
          );
          const jobs = await queue.getJobs(['completed'], 0, -1);
          const takenAt = new Map(jobs.map((job) => [(job.data as { reminderId: string }).reminderId, job.processedOn ?? NaN]));
          return {
            late: fired.map((r) => Number(r.late)),
            lastAt: fired.length > 0 ? Math.max(...fired.map((r) => Number(r.at))) : NaN,
            taken: fired.filter((r) => takenAt.has(r.id)).map((r) => (takenAt.get(r.id) as number) - Number(r.due)),
          };
        },
      };
    },
    close: async () => undefined,
  };
}

/**
 * Raw BullMQ: delayed jobs due at the planned instants, the instant in the job's data; lateness is
 * `now − planned` when the worker hands the job to its processor (which does nothing more).
 */
export async function rawSide(config: RunningConfig, prefix: string): Promise<Side> {
  const { BackendQueue, BackendWorker, queueConnection } = await import('@kelisim/queue');
  const { queueBackend } = await import('@kelisim/platform');
  const options = { connection: queueConnection(queueBackend(config)) as never, prefix };
  const name = `raw${randomUUID().slice(0, 8)}`;
  const rounds = new Map<string, Fired>();
  const queue: Queue = new BackendQueue(name, options);
  const worker: Worker = new BackendWorker(
    name,
    async (job: Job) => {
      const now = Date.now();
      const data = job.data as { round: string; at: number };
      const fired = rounds.get(data.round);
      if (!fired) return;
      fired.late.push(now - data.at);
      fired.taken.push((job.processedOn ?? NaN) - data.at);
      fired.lastAt = now;
    },
    { ...options, concurrency: CONCURRENCY },
  );
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
  return {
    async plant(due) {
      const round = randomUUID();
      const fired: Fired = { late: [], lastAt: NaN, taken: [] };
      rounds.set(round, fired);
      for (let i = 0; i < due.length; i += 5000) {
        const now = Date.now();
        await queue.addBulk(due.slice(i, i + 5000).map((at) => ({ name: 'fire', data: { round, at }, opts: { delay: Math.max(0, at - now), removeOnComplete: true } })));
      }
      return {
        async wait(giveUpAt) {
          while (fired.late.length < due.length && Date.now() < giveUpAt) await sleep(100);
          return fired;
        },
      };
    },
    async close() {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}
