import { PLATFORM_ROLE } from '@kelisim/platform';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadlineTracker, ReminderProcessor, ReminderReconciler, type ReminderPolicyItem } from '@kelisim/deadlines';
import { newId, SYSTEM_ACTOR } from '@kelisim/kernel';
import { COMMAND_POOL, UnitOfWork } from '@kelisim/persistence';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import { aUser, QUEUE_STORES, type RedisClusterHandle, startRedisCluster, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() - started > timeoutMs) return value;
    await sleep(100);
  }
}

/** The same story on each queue store: Redis, BullMQ's PostgreSQL backend, and a real three-master Redis Cluster. */
const STORES: [string, () => Promise<{ env: NodeJS.ProcessEnv; stop?: () => Promise<void> }>][] = [
  ['Redis', async () => ({ env: QUEUE_STORES.redis })],
  ['PostgreSQL', async () => ({ env: QUEUE_STORES.postgres })],
  [
    'a Redis Cluster',
    async () => {
      const cluster: RedisClusterHandle = await startRedisCluster();
      return { env: { REDIS_URL: cluster.url }, stop: cluster.stop };
    },
  ],
];

describe.each(STORES)('reminders with the queues on %s, against real PostgreSQL', (store, startStore) => {
  /** The reminders worker's failed, stalled and error events, for the report of a stall (the last 100). */
  const workerEvents: string[] = [];
  let t: TestApp;
  let stopStore: (() => Promise<void>) | undefined;
  let uow: UnitOfWork;
  let tracker: DeadlineTracker;
  let executor: TestUser;
  let controller: TestUser;

  const track = (subjectId: string, dueAt: Date, policy?: ReminderPolicyItem[] | null) =>
    uow.run(SYSTEM_ACTOR, () =>
      tracker.track({ subjectType: 'task', subjectId, title: 'Елді мекендерде түсіндіру жұмысы', dueAt, audience: { executor: [executor.id], controller: [controller.id] }, policy }),
    );
  const inbox = async (subjectId: string) =>
    (await t.dataSource.query(
      `SELECT user_id, type, created_at FROM notifications WHERE subject_id = $1 ORDER BY created_at, type, user_id`,
      [subjectId],
    )) as { user_id: string; type: string; created_at: Date }[];
  const reminders = async (subjectId: string) =>
    (await t.dataSource.query(`SELECT * FROM reminders WHERE subject_id = $1 ORDER BY fire_at, offset_key, recipient_id`, [subjectId])) as {
      id: string;
      offset_key: string;
      state: string;
      fire_at: Date;
      fired_at: Date | null;
      deadline_revision: number;
      recipient_id: string;
      enqueued: boolean;
    }[];
  /**
   * What the reminders not fired yet are doing: their rows and jobs, the processor's batch queue,
   * the pools, the sessions of the database and the worker's events — printed when 40 due at once
   * are slow (CI saw 6–20 of them unfired after 60–180 s beside the other suites; never alone).
   */
  const stallReport = async (unfired: string[], afterMs: number): Promise<void> => {
    const rows = (await t.dataSource.query(
      `SELECT id, subject_id, state, fire_at, fired_at, enqueued, clock_timestamp() AS now FROM reminders WHERE subject_id = ANY($1::uuid[]) AND NOT overdue AND offset_key LIKE 'before:%'`,
      [unfired],
    )) as { id: string }[];
    const queue = t.app.get<Queue>(getQueueToken('reminders'));
    const jobs = await Promise.all(
      rows.map(async (r) => {
        const job = await queue.getJob(`rem-${r.id}`);
        return job ? { state: await job.getState(), timestamp: job.timestamp, delay: job.delay, processedOn: job.processedOn, attemptsMade: job.attemptsMade, failedReason: job.failedReason } : null;
      }),
    );
    const processor = t.app.get(ReminderProcessor) as unknown as { waiting: unknown[]; claiming: number; claimScheduled: boolean };
    const pool = t.app.get<Pool>(COMMAND_POOL);
    const sessions = await t.dataSource.query(
      `SELECT pid, usename, state, wait_event_type, wait_event, (clock_timestamp() - xact_start)::text AS in_transaction, left(query, 160) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const waitingLocks = await t.dataSource.query(`SELECT locktype, relation::regclass::text, mode, pid FROM pg_locks WHERE NOT granted`);
    const report = {
      unfired: rows.map((r, i) => ({ ...r, job: jobs[i] })),
      processor: { waiting: processor.waiting.length, claiming: processor.claiming, claimScheduled: processor.claimScheduled },
      commandPool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
      jobCounts: await queue.getJobCounts(),
      sessions,
      waitingLocks,
      workerEvents,
      serverConnections: (await t.dataSource.query(`SELECT count(*)::int AS n, current_setting('max_connections') AS max FROM pg_stat_activity`))[0],
    };
    console.log(`ManyDueAtOnce on ${store}: ${unfired.length} of 40 not fired after ${afterMs} ms\n${JSON.stringify(report, null, 1)}`);
  };
  const before = (duration: string): ReminderPolicyItem[] => [{ offset: { kind: 'before', duration }, to: ['executor'] }];

  beforeAll(async () => {
    const store = await startStore();
    stopStore = store.stop;
    t = await startTestApp({ env: { KELISIM_RECONCILE_MS: '600000', ...store.env } });
    uow = t.app.get(UnitOfWork);
    tracker = t.app.get(DeadlineTracker);
    executor = await aUser(t, { locale: 'ru' });
    controller = await aUser(t, { roles: ['controller'] });
    const worker = (t.app.get(ReminderProcessor) as unknown as { worker: Worker }).worker;
    const note = (event: string) => (...args: unknown[]) => {
      const job = args[0] as { id?: string; attemptsMade?: number } | undefined;
      const why = args.find((a): a is Error => a instanceof Error)?.message ?? '';
      workerEvents.push(`${new Date().toISOString()} ${event} ${job?.id ?? ''} attempts=${job?.attemptsMade ?? ''} ${why}`.slice(0, 300));
      if (workerEvents.length > 100) workerEvents.shift();
    };
    worker.on('failed', note('failed'));
    worker.on('stalled', note('stalled'));
    worker.on('error', note('error'));
  });
  afterAll(async () => {
    await t?.close();
    await stopStore?.();
  });

  it('Reminder_FiresOnceWithinItsTolerance_ThenOverdueForExecutorAndControllerOnce', async () => {
    const subjectId = newId();
    const dueAt = new Date(Date.now() + 3000);
    await track(subjectId, dueAt, before('PT2S'));

    const notes = await until(() => inbox(subjectId), (n) => n.length >= 3);
    await sleep(700); // nothing more may come
    const final = await inbox(subjectId);
    expect(final.map((n) => [n.type, n.user_id]).sort()).toEqual(
      [
        ['task.overdue', controller.id],
        ['task.overdue', executor.id],
        ['task.reminder', executor.id],
      ].sort(),
    );
    expect(final).toHaveLength(notes.length);
    for (const r of await reminders(subjectId)) {
      if (r.offset_key.startsWith('daily') || r.offset_key.startsWith('afterWorkingDays')) {
        expect(r.state).toBe('pending');
        continue;
      }
      expect(r.state).toBe('fired');
      const lateness = new Date(r.fired_at!).getTime() - new Date(r.fire_at).getTime();
      expect(lateness).toBeGreaterThanOrEqual(-50); // never early
      // How late is for the benches to measure (bench:reminders, bench:queues), not for a spec that
      // runs beside two other suites on two cores (1.5 s seen there): fired by its job, not a later sweep.
      expect(lateness).toBeLessThan(60_000);
    }
    const passed = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_events WHERE type = 'DeadlinePassed' AND payload->>'subjectId' = $1`, [subjectId]);
    expect(passed[0].n).toBe(1);
    const [body] = await t.dataSource.query(`SELECT title FROM notifications WHERE subject_id = $1 AND user_id = $2 AND type = 'task.reminder'`, [subjectId, executor.id]);
    expect(body.title).toMatch(/^Напоминание: /); // the executor reads Russian
  });

  it('Extension_BeforeTheReminder_TheOldReminderNeverFires', async () => {
    const subjectId = newId();
    await track(subjectId, new Date(Date.now() + 2500), before('PT1S'));
    await sleep(300);
    await track(subjectId, new Date(Date.now() + 3600_000), before('PT1S'));
    await sleep(3500);
    expect(await inbox(subjectId)).toEqual([]);
    const rows = await reminders(subjectId);
    expect(rows.filter((r) => r.deadline_revision === 1).every((r) => r.state === 'cancelled')).toBe(true);
    expect(rows.filter((r) => r.deadline_revision === 2).every((r) => r.state === 'pending')).toBe(true);
  });

  it('Close_BeforeTheDeadline_NothingFires', async () => {
    const subjectId = newId();
    await track(subjectId, new Date(Date.now() + 2000), before('PT1S'));
    await uow.run(SYSTEM_ACTOR, () => tracker.close('task', subjectId, 'done'));
    await sleep(3000);
    expect(await inbox(subjectId)).toEqual([]);
    expect((await reminders(subjectId)).every((r) => r.state === 'cancelled')).toBe(true);
  });

  it('Fire_ByManyWorkersAtOnce_NotifiesOnce', async () => {
    const subjectId = newId();
    await track(subjectId, new Date(Date.now() + 3600_000), before('PT1S'));
    // Queued first (its job an hour off): a flush after the UPDATE would queue it due now, and the
    // platform's own worker would fire it before the six calls below (once, but not by them).
    const row = (await until(
      async () => (await reminders(subjectId)).find((r) => r.offset_key === 'before:PT1S' && r.enqueued),
      (r) => r !== undefined,
    ))!;
    await t.dataSource.query(`UPDATE reminders SET fire_at = now() - interval '1 second' WHERE id = $1`, [row.id]);
    const processor = t.app.get(ReminderProcessor);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => processor.fire(row.id)));
    expect(outcomes.filter((o) => 'fired' in o && o.fired)).toHaveLength(1);
    expect((await inbox(subjectId)).filter((n) => n.type === 'task.reminder')).toHaveLength(1);
  });

  it('Fire_WhenWokenEarly_SleepsUntilItsTime', async () => {
    const subjectId = newId();
    await track(subjectId, new Date(Date.now() + 3600_000), before('PT1S'));
    const [row] = (await reminders(subjectId)).filter((r) => r.offset_key === 'before:PT1S');
    const outcome = await t.app.get(ReminderProcessor).fire(row.id);
    // Sleeps for what is left by the database's clock: a little under the hour.
    expect(outcome).toEqual({ sleepMs: expect.any(Number) });
    expect((outcome as { sleepMs: number }).sleepMs).toBeGreaterThan(3500_000);
    expect((outcome as { sleepMs: number }).sleepMs).toBeLessThanOrEqual(3599_000);
    expect(await inbox(subjectId)).toEqual([]);
  });

  it('QueueStoreWiped_ReconcilerRestoresEveryPendingReminder_EachFiresOnce', async () => {
    const subjects = [newId(), newId(), newId()];
    for (const subjectId of subjects) await track(subjectId, new Date(Date.now() + 4000), before('PT2S'));
    await until(
      async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM reminders WHERE subject_id = ANY($1::uuid[]) AND NOT enqueued`, [subjects]))[0].n,
      (n) => n === 0,
    );
    await t.queues.wipe(); // the queue store loses everything
    await t.app.get(ReminderReconciler).reconcile();

    for (const subjectId of subjects) {
      const notes = await until(() => inbox(subjectId), (n) => n.length >= 3);
      expect(notes.map((n) => n.type).sort()).toEqual(['task.overdue', 'task.overdue', 'task.reminder']);
    }
    await sleep(500);
    for (const subjectId of subjects) expect(await inbox(subjectId)).toHaveLength(3);
  });

  it('LateReminder_WhoseJobIsGone_FiresAtOnceOnReconcile', async () => {
    const subjectId = newId();
    await track(subjectId, new Date(Date.now() + 3600_000), before('PT1S'));
    const [row] = (await reminders(subjectId)).filter((r) => r.offset_key === 'before:PT1S');
    await until(async () => (await reminders(subjectId)).find((r) => r.id === row.id), (r) => r !== undefined);
    // Its time passed long ago while no job was there (e.g. the job failed for good).
    await t.app.get(ReminderReconciler).reconcile();
    await t.dataSource.query(`UPDATE reminders SET fire_at = now() - interval '5 minutes', enqueued = true WHERE id = $1`, [row.id]);
    await t.app.get<Queue>(getQueueToken('reminders')).remove(`rem-${row.id}`);
    await t.app.get(ReminderReconciler).reconcile();
    const notes = await until(() => inbox(subjectId), (n) => n.length >= 1);
    expect(notes.map((n) => n.type)).toEqual(['task.reminder']);
  });

  it('CalendarChange_MovesPendingWorkingDayReminders', async () => {
    const subjectId = newId();
    // Friday 11 Dec 2026, 18:00 in Almaty; one working day before is Thursday 10 Dec, 18:00.
    const dueAt = new Date('2026-12-11T13:00:00Z');
    await track(subjectId, dueAt, [{ offset: { kind: 'beforeWorkingDays', days: 1 }, to: ['executor'] }]);
    const before = (await reminders(subjectId)).find((r) => r.offset_key === 'beforeWorkingDays:1')!;
    expect(new Date(before.fire_at).toISOString()).toBe('2026-12-10T13:00:00.000Z');

    const year = await t.http.get('/api/v1/calendar/2026').set('Authorization', `Bearer ${t.adminToken}`);
    const holidays = [...year.body.holidays.map((h: { date: string }) => h.date), '2026-12-10'];
    const put = await t.http
      .put('/api/v1/calendar/2026')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ holidays, workdays: year.body.workdays });
    expect(put.status).toBe(200);

    const moved = await until(
      async () => (await reminders(subjectId)).find((r) => r.offset_key === 'beforeWorkingDays:1')!,
      (r) => new Date(r.fire_at).toISOString() !== '2026-12-10T13:00:00.000Z',
    );
    expect(new Date(moved.fire_at).toISOString()).toBe('2026-12-09T13:00:00.000Z');
    expect(moved.state).toBe('pending');
    await until(async () => (await reminders(subjectId)).find((r) => r.id === moved.id), (r) => r !== undefined);
  });

  /**
   * A subject whose executor is reminded one working day before Friday 25 Dec 2026, 18:00 in Almaty
   * (Thursday 24 Dec, 18:00), and a deputy acting for the executor from a second from now for 40
   * days under order `orderNumber`: the deputy's copies follow.
   */
  async function aDeputisedReminder(orderNumber: string) {
    const subjectId = newId();
    await track(subjectId, new Date('2026-12-25T13:00:00Z'), [{ offset: { kind: 'beforeWorkingDays', days: 1 }, to: ['executor'] }]);
    const deputy = await aUser(t, { organizationId: executor.organizationId });
    const now = Date.now();
    const recorded = await t.http
      .post('/api/v1/substitutions')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ principalId: executor.id, deputyId: deputy.id, from: new Date(now + 1000).toISOString(), to: new Date(now + 40 * 86_400_000).toISOString(), basis: { orderNumber, orderDate: '2026-12-01' } });
    expect(recorded.status).toBe(201);
    return { subjectId, deputy, recorded };
  }

  it('CalendarChange_MovesTheDeputysCopiesWithThePrincipalsReminders', async () => {
    const { subjectId, deputy, recorded } = await aDeputisedReminder('12-ж');
    try {
      const copyOf = async () => (await reminders(subjectId)).find((r) => r.offset_key === 'beforeWorkingDays:1' && r.recipient_id === deputy.id);
      const copy = await until(copyOf, (r) => r !== undefined);
      expect(new Date(copy!.fire_at).toISOString()).toBe('2026-12-24T13:00:00.000Z');

      const year = await t.http.get('/api/v1/calendar/2026').set('Authorization', `Bearer ${t.adminToken}`);
      const holidays = [...new Set([...year.body.holidays.map((h: { date: string }) => h.date), '2026-12-24'])];
      const put = await t.http.put('/api/v1/calendar/2026').set('Authorization', `Bearer ${t.adminToken}`).send({ holidays, workdays: year.body.workdays });
      expect(put.status).toBe(200);

      const moved = await until(copyOf, (r) => new Date(r!.fire_at).toISOString() !== '2026-12-24T13:00:00.000Z');
      const principals = (await reminders(subjectId)).find((r) => r.offset_key === 'beforeWorkingDays:1' && r.recipient_id === executor.id)!;
      expect(new Date(principals.fire_at).toISOString()).toBe('2026-12-23T13:00:00.000Z');
      expect(new Date(moved!.fire_at).toISOString()).toBe('2026-12-23T13:00:00.000Z');
      expect(moved!.state).toBe('pending');
    } finally {
      // The executor is every test's here: the substitution ends with this one (and cancels its copies).
      const ended = await t.http.post(`/api/v1/substitutions/${recorded.body.id}/end`).set('Authorization', `Bearer ${t.adminToken}`);
      expect(ended.status).toBe(200);
      await until(
        async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM reminders WHERE recipient_id = $1 AND state = 'pending'`, [deputy.id]))[0].n,
        (n) => n === 0,
      );
    }
  });

  it('SubstitutionEnded_CancelsTheDeputysCopies_AndRemovesTheirQueuedJobs', async () => {
    const { subjectId, deputy, recorded } = await aDeputisedReminder('13-ж');
    let ended = false;
    try {
      const queue = t.app.get<Queue>(getQueueToken('reminders'));
      const copy = (await until(
        async () => (await reminders(subjectId)).find((r) => r.recipient_id === deputy.id && r.enqueued),
        (r) => r !== undefined,
      ))!;
      expect(await queue.getJob(`rem-${copy.id}`)).toBeDefined();

      const end = await t.http.post(`/api/v1/substitutions/${recorded.body.id}/end`).set('Authorization', `Bearer ${t.adminToken}`);
      expect(end.status).toBe(200);
      ended = true;
      const cancelled = await until(async () => (await reminders(subjectId)).find((r) => r.id === copy.id)!, (r) => r.state === 'cancelled');
      expect(cancelled.state).toBe('cancelled');
      // The cancelled copy's job leaves the queue (the consumer once read TypeORM's [rows, count] as rows and removed none).
      expect(await until(() => queue.getJob(`rem-${copy.id}`), (job) => job === undefined)).toBeUndefined();
      // The principal's own reminder stays, queued.
      const own = (await reminders(subjectId)).find((r) => r.recipient_id === executor.id)!;
      expect(own.state).toBe('pending');
    } finally {
      if (!ended) await t.http.post(`/api/v1/substitutions/${recorded.body.id}/end`).set('Authorization', `Bearer ${t.adminToken}`);
    }
  });

  it('WorkerKilledMidDelivery_TheRetryDeliversOnce', async () => {
    const subjectId = newId();
    // The first notification insert for this subject stalls; we kill its transaction meanwhile.
    await t.asOwner(`CREATE SEQUENCE kill_once`);
    await t.asOwner(`GRANT USAGE ON SEQUENCE kill_once TO ${PLATFORM_ROLE}`);
    await t.asOwner(`
      CREATE FUNCTION stall_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.subject_id = '${subjectId}' AND nextval('kill_once') = 1 THEN PERFORM pg_sleep(3); END IF;
        RETURN NEW;
      END $$`);
    await t.asOwner(`CREATE TRIGGER stall_once BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION stall_once()`);
    try {
      await track(subjectId, new Date(Date.now() + 3600_000), before('PT59M59S'));
      const stalled = await until(
        async () =>
          (await t.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()`)) as {
            pid: number;
          }[],
        (rows) => rows.length > 0,
        10_000,
      );
      expect(stalled.length).toBeGreaterThan(0);
      await t.dataSource.query(`SELECT pg_terminate_backend($1)`, [stalled[0].pid]);

      const notes = await until(() => inbox(subjectId), (n) => n.length >= 1);
      expect(notes.map((n) => n.type)).toEqual(['task.reminder']);
      await sleep(1500);
      expect(await inbox(subjectId)).toHaveLength(1);
      const [row] = (await reminders(subjectId)).filter((r) => r.offset_key === 'before:PT59M59S');
      expect(row.state).toBe('fired');
    } finally {
      await t.asOwner(`DROP TRIGGER stall_once ON notifications`);
      await t.asOwner(`DROP FUNCTION stall_once`);
      await t.asOwner(`DROP SEQUENCE kill_once`);
    }
  });

  it('ManyDueAtOnce_FireTogether_EachOnce', async () => {
    const subjects = Array.from({ length: 40 }, () => newId());
    // Due 15 s after the start, all at once: a reminder whose time has passed when it is planned is dropped (the
    // plan's rule), and 40 plans one after another took more than the 2 s this test once allowed beside the other
    // suites — the "stall" CI saw was reminders never planned. Each is checked to be planned before waiting.
    const dueAt = new Date(Date.now() + 3600_000);
    for (const subjectId of subjects) await track(subjectId, dueAt, before('PT59M45S'));
    const planned = (await t.dataSource.query(`SELECT count(*)::int AS n FROM reminders WHERE subject_id = ANY($1::uuid[]) AND NOT overdue`, [subjects])) as { n: number }[];
    expect(planned[0].n).toBe(subjects.length);
    const all = async () =>
      (await t.dataSource.query(`SELECT subject_id, type FROM notifications WHERE subject_id = ANY($1::uuid[])`, [subjects])) as {
        subject_id: string;
        type: string;
      }[];
    // Beside the faults and security suites, 32–34 of the 40 had fired after 60 s: a limit, not a timing claim.
    const started = Date.now();
    const reportsAt = [20_000, 60_000, 120_000];
    const notes = await until(
      async () => {
        const n = await all();
        if (n.length < subjects.length && reportsAt.length > 0 && Date.now() - started >= reportsAt[0]) {
          reportsAt.shift();
          const fired = new Set(n.map((x) => x.subject_id));
          await stallReport(subjects.filter((s) => !fired.has(s)), Date.now() - started).catch((error: Error) => console.log(`stall report failed: ${error.message}`));
        }
        return n;
      },
      (n) => n.length >= subjects.length,
      180_000,
    );
    await sleep(1000);
    const final = await all();
    expect(final).toHaveLength(subjects.length);
    expect(new Set(final.map((n) => n.subject_id)).size).toBe(subjects.length);
    expect(final.every((n) => n.type === 'task.reminder')).toBe(true);
    expect(notes.length).toBe(subjects.length);
  }, 240_000);
});
