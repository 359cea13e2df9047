import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { type Cast, FaultBench, SHORT_POLICY } from './support/bench.js';
import { firedAfterTheMove, firedEarlyByTheDatabase, latenessOf, receivedTwiceFromOneAttempt, skewedClock } from './support/reminder-checks.js';
import { checkCommands, type Command, issueTasks, type Query, settledReminders } from './support/invariant.js';
import type { Installation, KelisimProcess } from './support/platform.js';
import { progress, sleep, until } from './support/progress.js';

jest.setTimeout(600_000);

const NOTHING = { missing: [], notOnce: [], early: [], stale: [], deliveries: [] };

/**
 * Reminders while their world changes under them: the deadline moved as its reminders fire; a
 * worker frozen (SIGSTOP) with jobs in hand while a second one takes them over, then thawed; every
 * Redis key deleted while e-mails and webhooks are on their way; a worker whose clock is 5 s ahead
 * of the others. One installation (an API and two workers) lives through all four; the invariant is
 * checked over everything planned so far, and the lateness of each scenario's reminders is
 * reported as a figure (measured, never asserted).
 */
describe('faults: reminders', () => {
  let bench: FaultBench;
  let installation: Installation;
  let api: KelisimProcess;
  let workers: KelisimProcess[];
  let cast: Cast;
  let query: Query;
  const sinks = () => ({ email: bench.smtp.received, webhook: bench.webhook.received });
  const received = () => [...bench.smtp.received, ...bench.webhook.received];
  const count = async (sql: string, params: unknown[] = []) => (await query<{ n: number }>(sql, params))[0].n;
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const issue = (label: string, count: number, dueAt: string, perTask: 'one' | 'all' = 'all') =>
    issueTasks(
      () => api.baseUrl,
      cast.controller.token,
      count,
      (i) => ({
        ...(perTask === 'all' ? { executorIds: cast.executors.map((e) => e.id) } : { executorId: cast.executors[i % cast.executors.length].id }),
        dueAt,
        reminderPolicy: SHORT_POLICY,
      }),
      { label, concurrency: 4 },
    );
  const titles = (commands: Command[]) => commands.map((c) => c.title);
  /**
   * The invariant, with `stale` judged by the commit timestamps (firedAfterTheMove): the invariant's
   * own also counts reminders claimed while their move was under way, before it committed.
   */
  const expectInvariant = async (violations: Awaited<ReturnType<typeof settledReminders>>['violations']) => {
    expect(await firedAfterTheMove(query)).toEqual([]);
    expect({ ...violations, stale: [] }).toEqual(NOTHING);
  };

  beforeAll(async () => {
    bench = await FaultBench.create();
    // Commit timestamps, so that "fired after the move" is judged against the move's commit (firedAfterTheMove).
    await bench.pg.query('postgres', 'ALTER SYSTEM SET track_commit_timestamp = on');
    await bench.pg.stop('fast');
    await bench.pg.start();
    installation = bench.installation('faults_reminders');
    api = await bench.start(installation, 'api');
    workers = [await bench.start(installation, 'worker'), await bench.start(installation, 'worker')];
    cast = await bench.cast(api, 2);
    query = bench.query(installation);
  }, 300_000);
  afterAll(async () => {
    await bench?.destroy();
  });
  afterEach(() => {
    for (const p of bench?.processes ?? []) {
      const warnings = (p?.output ?? '').split('\n').filter((l) => /warn|error/i.test(l));
      if (warnings.length) progress(`${p.role} said:\n${warnings.slice(-15).join('\n')}`);
    }
  });

  it('DeadlineMovedWhileItsRemindersFire_NoOldReminderFiresAfterTheMove_EachNewOneFiresOnce', async () => {
    // 40 tasks, one executor each, due together; the executor asks for 20 s more on each at once.
    const dueAt = soon(45_000);
    const commands = await issue('moved', 40, dueAt, 'one');
    expect(commands.every((c) => c.answers.at(-1) === 201)).toBe(true);
    const tasks = await query<{ id: string; title: string; executor_id: string }>(`SELECT id::text, title, executor_id::text FROM tasks WHERE title = ANY($1)`, [titles(commands)]);
    const movedTo = new Date(new Date(dueAt).getTime() + 20_000).toISOString();
    const requests = await Promise.all(
      tasks.map(async (task) => {
        const executor = cast.executors.find((e) => e.id === task.executor_id)!;
        const r = await request(api.baseUrl)
          .post(`/api/v1/tasks/${task.id}/extension-requests`)
          .set('Authorization', `Bearer ${executor.token}`)
          .send({ proposedDueAt: movedTo, reason: 'Ауылдарға бару керек' });
        expect(r.status).toBe(201);
        return { taskId: task.id, requestId: (r.body.extensionRequests as { id: string; status: string }[]).find((x) => x.status === 'pending')!.id };
      }),
    );
    progress(`40 tasks due ${dueAt}, each with an extension to ${movedTo} requested`);

    // The controller approves them all, starting half a second before the reminders' time (3 s before the deadline): the
    // approvals and the firing overlap, so some reminders fire before their move, others meet it or are cancelled before.
    await sleep(Math.max(0, new Date(dueAt).getTime() - 3500 - Date.now()));
    const approvals = await Promise.all(
      requests.map((r) =>
        request(api.baseUrl)
          .post(`/api/v1/tasks/${r.taskId}/extension-requests/${r.requestId}/approve`)
          .set('Authorization', `Bearer ${cast.controller.token}`)
          .send({})
          .then((x) => x.status),
      ),
    );
    expect(approvals.every((s) => s === 200)).toBe(true);
    const [{ before }] = await query<{ before: number }>(
      `SELECT count(*)::int AS before FROM reminders WHERE subject_id = ANY($1::uuid[]) AND deadline_revision = 1 AND state = 'fired'`,
      [tasks.map((t) => t.id)],
    );
    progress(`moved: ${before} of the 120 old reminders had fired when the 40 approvals were answered`);

    const { violations, figures } = await settledReminders(query, sinks());
    await expectInvariant(violations);
    const raced = violations.stale.length;
    const rows = await query<{ revision: number; state: string; n: number }>(
      `SELECT r.deadline_revision AS revision, r.state, count(*)::int AS n FROM reminders r WHERE r.subject_id = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2`,
      [tasks.map((t) => t.id)],
    );
    // The new revision: its two overdue notices a task, and its reminder where the move was committed before that reminder's
    // time (a reminder whose time had passed when it was planned is not planned), each fired once.
    const current = rows.filter((r) => r.revision > 1);
    expect(current.every((r) => r.state === 'fired')).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM reminders WHERE subject_id = ANY($1::uuid[]) AND deadline_revision > 1 AND overdue`, [tasks.map((t) => t.id)])).toBe(80);
    // The old one: nothing left pending, and none fired after the move (the invariant's `stale`).
    expect(rows.filter((r) => r.revision === 1 && r.state === 'pending')).toEqual([]);
    // Received twice only where a send was tried twice (at least once, under one id): counted, not a fault.
    expect(await receivedTwiceFromOneAttempt(query, received())).toEqual([]);
    expect(await checkCommands(query, commands)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
    progress(`moved: ${JSON.stringify(rows)}; ${raced} old reminders claimed while their move was under way, before it committed; ${figures.duplicates} messages received twice so far; lateness ${JSON.stringify(await latenessOf(query, titles(commands), received()))}`);
  });

  it('TwoWorkersWhoseClocksAre5sApart_EachReminderFiresOnce_NoneEarlyByTheDatabaseClock', async () => {
    // Beside the two, a worker whose clock runs 5 s ahead: it promotes delayed jobs 5 s early. It leaves when the scenario is over.
    const fast = await bench.start(installation, 'worker', skewedClock(5000));
    const dueAt = soon(30_000);
    const commands = await issue('skewed', 30, dueAt);
    expect(commands.every((c) => c.answers.at(-1) === 201)).toBe(true);

    const { violations, figures } = await settledReminders(query, sinks());
    // The inbox notices a fast worker stamps look late, not early: the database's own record decides.
    await expectInvariant(violations);
    expect(await firedEarlyByTheDatabase(query)).toEqual([]);
    // Received twice only where a send was tried twice (at least once, under one id): counted, not a fault.
    expect(await receivedTwiceFromOneAttempt(query, received())).toEqual([]);
    expect(await checkCommands(query, commands, 2)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
    progress(`clocks 5 s apart: ${JSON.stringify(figures)}; lateness ${JSON.stringify(await latenessOf(query, titles(commands), received()))}`);
    expect(await fast.stop('SIGTERM')).toBe(0);
  });

  it('WorkerFrozenWithJobsInHand_TheOtherTakesThemOver_ThawedLater_EachReminderOnce', async () => {
    const dueAt = soon(30_000);
    const commands = await issue('stalled', 30, dueAt);
    expect(commands.every((c) => c.answers.at(-1) === 201)).toBe(true);
    progress(`60 reminders and 120 overdue notices due ${dueAt}`);
    const [frozen] = workers;
    const stalledBefore = await stalledJobs();

    // Frozen as the overdue notices (one transaction each, and their e-mails and webhooks) are being worked through.
    await until(
      () => count(`SELECT count(*)::int AS n FROM notifications n JOIN tasks t ON t.id = n.subject_id WHERE n.type = 'task.overdue' AND t.title = ANY($1)`, [titles(commands)]),
      (n) => n > 0,
      120_000,
      10,
    );
    frozen.signal('SIGSTOP');
    progress('first overdue notice in: worker frozen (SIGSTOP)');
    // Past its job lock (3 s) and the other worker's stalled check (every 3 s): its jobs move on.
    await sleep(12_000);
    frozen.signal('SIGCONT');
    progress('worker thawed (SIGCONT)');

    const { violations, figures } = await settledReminders(query, sinks());
    await expectInvariant(violations);
    // A delivery the frozen worker was sending when frozen may be sent again by the other, under the same id: counted, reported.
    expect(await checkCommands(query, commands, 2)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
    expect(frozen.running).toBe(true);
    progress(
      `stalled: ${(await stalledJobs()) - stalledBefore} jobs taken over by the stalled check; ${figures.duplicates} deliveries received twice (all figures ${JSON.stringify(figures)}); lateness ${JSON.stringify(await latenessOf(query, titles(commands), received()))}`,
    );
  });

  it('EveryRedisKeyDeletedWhileDeliveriesAreInFlight_AllDeliveredOnce_LatenessReported', async () => {
    const dueAt = soon(30_000);
    const commands = await issue('flushed-deliveries', 30, dueAt);
    expect(commands.every((c) => c.answers.at(-1) === 201)).toBe(true);
    const ofType = (type: string) =>
      count(
        `SELECT count(*)::int AS n FROM deliveries dl JOIN notifications n ON n.id = dl.notification_id JOIN tasks t ON t.id = n.subject_id
          WHERE n.type = $1 AND dl.state = 'delivered' AND t.title = ANY($2)`,
        [type, titles(commands)],
      );
    // At the first delivered reminder, and again at the first delivered overdue notice: the rest are queued or on their way.
    let flushedAt = 0;
    for (const type of ['task.reminder', 'task.overdue']) {
      await until(() => ofType(type), (n) => n > 0, 120_000, 10);
      await bench.redis.use((r) => r.flushall());
      flushedAt = Date.now();
      progress(`first ${type} delivered: FLUSHALL`);
    }

    const { violations, figures } = await settledReminders(query, sinks());
    const settledMs = Date.now() - flushedAt;
    await expectInvariant(violations);
    // Received twice only where a send was tried twice (at least once, under one id): counted, not a fault.
    expect(await receivedTwiceFromOneAttempt(query, received())).toEqual([]);
    expect(await checkCommands(query, commands, 2)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
    progress(`FLUSHALL while delivering: settled ${settledMs} ms after the last flush; ${figures.duplicates} messages received twice so far; lateness ${JSON.stringify(await latenessOf(query, titles(commands), received()))}`);
  });

  /** Jobs BullMQ's stalled check took from a worker that stopped renewing its locks (the queues' event streams). */
  async function stalledJobs(): Promise<number> {
    return bench.redis.use(async (r) => {
      let n = 0;
      for (const key of await r.keys(`*${installation.prefix}*:events`)) {
        for (const [, fields] of await r.xrange(key, '-', '+')) if (fields[0] === 'event' && fields[1] === 'stalled') n += 1;
      }
      return n;
    });
  }
});
