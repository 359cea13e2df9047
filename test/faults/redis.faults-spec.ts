import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type Cast, FaultBench, SHORT_POLICY } from './support/bench.js';
import { checkCommands, issueTasks, outcome, type Query, settledReminders } from './support/invariant.js';
import type { Installation, KelisimProcess } from './support/platform.js';
import { progress, sleep } from './support/progress.js';

jest.setTimeout(600_000);

/**
 * Redis losing everything, going away and filling up, while commands keep coming and their
 * reminders come due. One installation (API and worker in one process) lives through all three:
 * the invariant is checked over everything it has planned so far.
 */
describe('faults: Redis', () => {
  let bench: FaultBench;
  let installation: Installation;
  let platform: KelisimProcess;
  let cast: Cast;
  let query: Query;
  const sinks = () => ({ email: bench.smtp.received, webhook: bench.webhook.received });
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

  beforeAll(async () => {
    bench = await FaultBench.create();
    installation = bench.installation('faults_redis');
    platform = await bench.start(installation, 'all');
    cast = await bench.cast(platform, 2);
    query = bench.query(installation);
  }, 180_000);
  afterAll(async () => {
    await bench?.destroy();
  });

  it('EveryKeyDeletedWhileScheduling_RemindersStillFireOnceEach_NothingLost', async () => {
    const dueAt = soon(20_000);
    const issuing = issueTasks(() => platform.baseUrl, cast.controller.token, 40, () => ({ executorIds: cast.executors.map((e) => e.id), dueAt, reminderPolicy: SHORT_POLICY }), {
      label: 'flushed',
      spacingMs: 50,
    });
    // Three times while the tasks are being issued, and so their reminders and deliveries queued.
    for (let i = 0; i < 3; i++) {
      await sleep(700);
      await bench.redis.use((r) => r.flushall());
    }
    const commands = await issuing;
    expect(commands.every((c) => outcome(c) === 'accepted')).toBe(true);
    await bench.redis.use((r) => r.flushall());

    // Deliveries whose active jobs' keys vanished were seen to take over a minute to go out (see RELIABILITY.md): 3 minutes.
    const flushed = Date.now();
    const { violations, figures } = await settledReminders(query, sinks());
    progress(`FLUSHALL: settled ${Date.now() - flushed} ms after the last flush`);
    expect(violations).toEqual({ missing: [], notOnce: [], early: [], stale: [], deliveries: [] });
    expect(figures.duplicates).toBe(0);
    expect(await checkCommands(query, commands, 2)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
    progress(`FLUSHALL ×4: ${JSON.stringify(figures)}`);
  });

  it('RedisDownWhileCommandsKeepComing_EachIsAcceptedOr503WithNoTrace_RemindersFireOnceWhenItIsBack', async () => {
    const issuing = issueTasks(() => platform.baseUrl, cast.controller.token, 60, () => ({ executorId: cast.executors[0].id, dueAt: soon(20_000), reminderPolicy: SHORT_POLICY }), {
      label: 'redis-down',
      spacingMs: 250,
      concurrency: 2,
      // A client that gives up after its first answer: what it was told must be true.
      retryForMs: 0,
    });
    await sleep(1500);
    await bench.redis.stop();
    await sleep(10_000);
    await bench.redis.start();
    const commands = await issuing;
    const answers = commands.map((c) => c.answers.at(-1));
    progress(`Redis down 10 s: answers ${JSON.stringify(answers.reduce((m: Record<string, number>, a) => ((m[String(a)] = (m[String(a)] ?? 0) + 1), m), {}))}`);
    expect(answers.every((a) => a === 201 || a === 503)).toBe(true);

    const { violations, figures } = await settledReminders(query, sinks());
    expect(violations).toEqual({ missing: [], notOnce: [], early: [], stale: [], deliveries: [] });
    expect(figures.duplicates).toBe(0);
    const checked = await checkCommands(query, commands);
    // A 503 is an answer that nothing happened: it must have left no task.
    const traces = await query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE title = ANY($1)`, [commands.filter((c) => c.answers.at(-1) === 503).map((c) => c.title)]);
    expect({ lost: checked.lost, doubled: checked.doubled, traces: traces[0].n }).toEqual({ lost: [], doubled: [], traces: 0 });
  });

  it('RedisAtMaxmemory_CommandsAreAcceptedOr503WithNoTrace_RemindersFireOnceWhenThereIsRoomAgain', async () => {
    // A limit below what it holds: with noeviction every write is refused (OOM) until there is room.
    await bench.redis.use((r) => r.config('SET', 'maxmemory', '1'));
    const commands = await issueTasks(() => platform.baseUrl, cast.controller.token, 60, () => ({ executorId: cast.executors[1].id, dueAt: soon(20_000), reminderPolicy: SHORT_POLICY }), {
      label: 'maxmemory',
      concurrency: 2,
      retryForMs: 0,
    });
    const refusedWrites = await bench.redis.use(async (r) => Number(/errorstat_OOM:count=(\d+)/.exec(await r.info('errorstats'))?.[1] ?? 0));
    await bench.redis.use((r) => r.config('SET', 'maxmemory', '0'));
    const answers = commands.map((c) => c.answers.at(-1));
    progress(`Redis at maxmemory: OOM refusals ${refusedWrites}, answers ${JSON.stringify(answers.reduce((m: Record<string, number>, a) => ((m[String(a)] = (m[String(a)] ?? 0) + 1), m), {}))}`);
    expect(refusedWrites).toBeGreaterThan(0);
    expect(answers.every((a) => a === 201 || a === 503)).toBe(true);

    const { violations, figures } = await settledReminders(query, sinks());
    expect(violations).toEqual({ missing: [], notOnce: [], early: [], stale: [], deliveries: [] });
    expect(figures.duplicates).toBe(0);
    const checked = await checkCommands(query, commands);
    const traces = await query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE title = ANY($1)`, [commands.filter((c) => c.answers.at(-1) === 503).map((c) => c.title)]);
    expect({ lost: checked.lost, doubled: checked.doubled, traces: traces[0].n }).toEqual({ lost: [], doubled: [], traces: 0 });
  });

  afterEach(() => {
    const warnings = platform.output.split('\n').filter((l) => /warn|error/i.test(l));
    if (warnings.length) progress(`the platform said:\n${warnings.slice(-30).join('\n')}`);
  });
});
