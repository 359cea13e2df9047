import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FaultBench, SHORT_POLICY } from './support/bench.js';
import { checkCommands, issueTasks, settledReminders } from './support/invariant.js';
import { progress, sleep, until } from './support/progress.js';

jest.setTimeout(600_000);

/** The mail server and the webhook receiver away while reminders fire, then back. */
describe('faults: SMTP and webhook down, then back', () => {
  let bench: FaultBench;

  beforeAll(async () => {
    bench = await FaultBench.create();
  }, 120_000);
  afterAll(async () => {
    await bench?.destroy();
  });

  it('SmtpAndWebhookDownWhileRemindersFire_EachDeliveryArrivesOnceWhenTheyAreBack_NoneEarly', async () => {
    const installation = bench.installation('faults_channels');
    const platform = await bench.start(installation, 'all');
    const cast = await bench.cast(platform, 2);
    const query = bench.query(installation);
    const dueAt = new Date(Date.now() + 15_000).toISOString();
    const commands = await issueTasks(() => platform.baseUrl, cast.controller.token, 20, () => ({ executorIds: cast.executors.map((e) => e.id), dueAt, reminderPolicy: SHORT_POLICY }));
    expect(commands.every((c) => c.answers.at(-1) === 201)).toBe(true);

    await bench.smtp.down();
    await bench.webhook.down();
    progress('SMTP and webhook down');
    // Down until the reminders and the overdue notices are all in the inbox and their deliveries have failed at least once.
    await until(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE type = 'task.overdue'`))[0].n, (n) => n >= 80, 120_000);
    await until(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE attempts > 0 AND state = 'pending'`))[0].n, (n) => n > 0, 60_000);
    await sleep(2000);
    await bench.smtp.up();
    await bench.webhook.up();
    progress('SMTP and webhook back');

    const { violations, figures } = await settledReminders(query, { email: bench.smtp.received, webhook: bench.webhook.received });
    progress(`SMTP and webhook down then back: ${JSON.stringify(figures)}`);
    expect(violations).toEqual({ missing: [], notOnce: [], early: [], stale: [], deliveries: [] });
    expect(figures.duplicates).toBe(0);
    const [{ retried }] = await query<{ retried: number }>(`SELECT count(*)::int AS retried FROM deliveries WHERE attempts > 1`);
    expect(retried).toBeGreaterThan(0);
    expect(await checkCommands(query, commands, 2)).toEqual({ lost: [], doubled: [], traces: [], unknown: [] });
  });
});
