import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { type Cast, FaultBench, SHORT_POLICY } from './support/bench.js';
import { checkCommands, issueTasks, type Query, settledReminders } from './support/invariant.js';
import type { Installation, KelisimProcess } from './support/platform.js';
import { progress, sleep } from './support/progress.js';

jest.setTimeout(600_000);

const tally = (answers: unknown[]) => answers.reduce((m: Record<string, number>, a) => ((m[String(a)] = (m[String(a)] ?? 0) + 1), m), {});

/**
 * PostgreSQL going away under the platform, and one command sent ten times at once. One
 * installation (API and worker in one process) lives through both.
 */
describe('faults: PostgreSQL and concurrent repeats', () => {
  let bench: FaultBench;
  let installation: Installation;
  let platform: KelisimProcess;
  let cast: Cast;
  let query: Query;

  beforeAll(async () => {
    bench = await FaultBench.create();
    installation = bench.installation('faults_postgres');
    platform = await bench.start(installation, 'all');
    cast = await bench.cast(platform, 2);
    query = bench.query(installation);
  }, 180_000);
  afterAll(async () => {
    await bench?.destroy();
  });

  it('SameCommandTenTimesAtOnce_WithOneKey_MakesOneTask_EveryAnswerTheSame', async () => {
    const key = randomUUID();
    const title = `ten at once ${key.slice(0, 8)}`;
    const body = { title, executorId: cast.executors[0].id, dueAt: new Date(Date.now() + 3_600_000).toISOString() };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(platform.baseUrl).post('/api/v1/tasks').set('Authorization', `Bearer ${cast.controller.token}`).set('Idempotency-Key', key).send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    const [{ tasks }] = await query<{ tasks: number }>(`SELECT count(*)::int AS tasks FROM tasks WHERE title = $1`, [title]);
    const [{ events }] = await query<{ events: number }>(`SELECT count(*)::int AS events FROM journal_events WHERE stream_id = $1`, [answers[0].body.id]);
    expect({ tasks, events }).toEqual({ tasks: 1, events: 1 });
  });

  it('PostgresRestartedDuringCommandsAndDeliveries_503sChangeNothing_RetriedKeysMakeOneTask_RemindersOnce', async () => {
    // Reminders of these come due while PostgreSQL is away, their deliveries just before.
    const dueAt = new Date(Date.now() + 25_000).toISOString();
    const first = await issueTasks(() => platform.baseUrl, cast.controller.token, 20, () => ({ executorIds: cast.executors.map((e) => e.id), dueAt, reminderPolicy: SHORT_POLICY }), {
      label: 'before restart',
    });
    expect(first.every((c) => c.answers.at(-1) === 201)).toBe(true);

    // A client that does not retry: every answer it gets must be true.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const during = issueTasks(() => platform.baseUrl, cast.controller.token, 60, () => ({ executorId: cast.executors[0].id, dueAt: later }), {
      label: 'during restart',
      concurrency: 3,
      spacingMs: 150,
      retryForMs: 0,
    });
    await sleep(1500);
    await bench.pg.stop('immediate');
    progress('PostgreSQL killed');
    await sleep(5000);
    await bench.pg.start();
    progress('PostgreSQL back');
    const commands = await during;
    const answers = commands.map((c) => c.answers[0]);
    progress(`PostgreSQL restart: answers ${JSON.stringify(tally(answers))}`);
    expect(answers.filter((a) => a !== 201 && a !== 503)).toEqual([]);
    expect(answers.filter((a) => a === 503).length).toBeGreaterThan(0);

    // Nothing of a 503 is there; retried with its key, each makes one task.
    const refused = commands.filter((c) => c.answers[0] === 503);
    const [{ traces }] = await query<{ traces: number }>(`SELECT count(*)::int AS traces FROM tasks WHERE title = ANY($1)`, [refused.map((c) => c.title)]);
    expect(traces).toBe(0);
    for (const c of refused) {
      const again = await request(platform.baseUrl)
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${cast.controller.token}`)
        .set('Idempotency-Key', c.key)
        .send({ title: c.title, executorId: cast.executors[0].id, dueAt: later });
      c.answers.push(again.status);
    }
    expect(await checkCommands(query, commands)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });

    const { violations, figures } = await settledReminders(query, { email: bench.smtp.received, webhook: bench.webhook.received });
    progress(`PostgreSQL restart: ${JSON.stringify(figures)}`);
    expect(violations).toEqual({ missing: [], notOnce: [], early: [], stale: [], deliveries: [] });
    expect(figures.duplicates).toBe(0);
    expect(await checkCommands(query, first, 2)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
  });
});
