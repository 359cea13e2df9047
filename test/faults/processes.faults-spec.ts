import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FaultBench, SHORT_POLICY } from './support/bench.js';
import { checkCommands, issueTasks, settledReminders } from './support/invariant.js';
import { progress, until } from './support/progress.js';
import type { KelisimProcess } from './support/platform.js';

jest.setTimeout(600_000);

/**
 * Processes that die: the worker killed (SIGKILL) while it fires a batch of reminders and sends
 * their e-mails and webhooks, twice; the API stopped (SIGTERM) in the middle of a burst of commands.
 */
describe('faults: processes killed and stopped', () => {
  let bench: FaultBench;

  beforeAll(async () => {
    bench = await FaultBench.create();
  }, 120_000);
  afterAll(async () => {
    await bench?.destroy();
  });

  it('WorkerKilledMidBatch_Twice_EveryReminderFiresOnceIntoEachChannel_NoneEarly', async () => {
    const installation = bench.installation('faults_sigkill');
    const api = await bench.start(installation, 'api');
    let worker: KelisimProcess = await bench.start(installation, 'worker');
    const cast = await bench.cast(api, 4);
    const query = bench.query(installation);
    // 80 tasks due at the same instant: 80 reminders fire together, then 160 overdue notices.
    const dueAt = new Date(Date.now() + 15_000).toISOString();
    const commands = await issueTasks(() => api.baseUrl, cast.controller.token, 20, () => ({
      executorIds: cast.executors.map((e) => e.id),
      dueAt,
      reminderPolicy: SHORT_POLICY,
    }));
    expect(commands.every((c) => c.answers.at(-1) === 201)).toBe(true);
    progress(`80 tasks issued, due ${dueAt}`);

    for (const type of ['task.reminder', 'task.overdue']) {
      // Killed as soon as the first notice of the batch is in: the rest of the batch, and its deliveries, are mid-way.
      await until(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE type = $1`, [type]))[0].n, (n) => n > 0, 60_000, 10);
      progress(`first ${type} in; killing the worker`);
      expect(await worker.stop('SIGKILL')).toBe(null);
      worker = await bench.start(installation, 'worker');
    }

    const { violations, figures } = await settledReminders(query, { email: bench.smtp.received, webhook: bench.webhook.received });
    expect(violations).toEqual({ missing: [], notOnce: [], early: [], stale: [], deliveries: [] });
    // E-mails: 80 assignments and the 240 notices; webhooks: the executors' organization only (80 + 160).
    expect(figures).toMatchObject({ reminders: 240, fired: 240, emails: 320, webhooks: 240 });
    // At most the deliveries in flight at each kill (the deliveries' concurrency, 10) are sent twice, under one Message-ID.
    expect(figures.duplicates).toBeLessThanOrEqual(20);
    progress(`SIGKILL ×2: ${JSON.stringify(figures)}`);
    expect(await checkCommands(query, commands, 4)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
  });

  it('ApiStoppedDuringABurst_EveryAcceptedCommandIsKept_RetriedOnesMakeOneTaskEach', async () => {
    const installation = bench.installation('faults_sigterm');
    let api = await bench.start(installation, 'api');
    await bench.start(installation, 'worker');
    const cast = await bench.cast(api, 2);
    const query = bench.query(installation);
    const dueAt = new Date(Date.now() + 600_000).toISOString();
    let current = api.baseUrl;
    const burst = issueTasks(() => current, cast.controller.token, 80, () => ({ executorId: cast.executors[0].id, dueAt, reminderPolicy: SHORT_POLICY }), {
      concurrency: 8,
      label: 'burst',
    });
    await until(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks`))[0].n, (n) => n >= 20, 60_000, 20);
    expect(await api.stop('SIGTERM')).toBe(0);
    api = await bench.start(installation, 'api');
    current = api.baseUrl;
    const commands = await burst;

    expect(commands.filter((c) => c.answers.includes('network') || c.answers.some((a) => a !== 201)).length).toBeGreaterThan(0);
    expect(await checkCommands(query, commands)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks`);
    expect(n).toBe(80);
  });
});
