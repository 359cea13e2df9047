import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { aUser, freePort, startTestApp, type TestApp, type TestUser, until } from '@kelisim/testing';

interface Mail {
  to: string;
  messageId: string;
}

/**
 * Issue 10, item 1: a task with its own policy that already sends an overdue notice must not get a
 * second one from the escalation ladder. The whole pipeline runs for real: reminder rows, BullMQ
 * jobs, the processor, the inbox, and e-mail over SMTP to a server this file starts.
 */
describe('one overdue notice per recipient and deadline', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  let controller: TestUser;
  let executor: TestUser;
  let head: TestUser;

  beforeAll(async () => {
    const port = await freePort();
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), messageId: /^Message-ID: <([^@>]+)@kelisim>/im.exec(raw)?.[1] ?? '' });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, KELISIM_DELIVERY_BACKOFF_MS: '200' } });
    controller = await aUser(t, { roles: ['controller'], locale: 'kk' });
    head = await aUser(t, { locale: 'ru' });
    executor = await aUser(t, { locale: 'ru', headId: head.id });
  }, 180_000);
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('PolicyBeforePT8S_AfterPT1SToExecutorAndController_EachGetsOneOverdueNotice_InTheInboxAndByEmail', async () => {
    const dueAt = new Date(Date.now() + 10_000);
    const issued = await t.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({
        title: 'Түсіндіру жұмысының есебін беру',
        executorId: executor.id,
        dueAt: dueAt.toISOString(),
        reminderPolicy: [{ before: 'PT8S' }, { after: 'PT1S', to: ['executor', 'controller'] }],
      });
    expect(issued.status).toBe(201);
    const taskId = issued.body.id as string;

    const reminders = () =>
      t.dataSource.query(
        `SELECT r.offset_key || '|' || CASE r.recipient_id WHEN $2::uuid THEN 'executor' WHEN $3::uuid THEN 'controller' WHEN $4::uuid THEN 'head' END AS key,
                r.state, r.fire_at > now() + interval '1 day' AS later
           FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
          WHERE d.subject_type = 'task' AND d.subject_id = $1 ORDER BY 1`,
        [taskId, executor.id, controller.id, head.id],
      ) as Promise<{ key: string; state: string; later: boolean }[]>;
    // Everything due around the deadline has fired; only the head's escalation, days away, waits.
    const rows = await until(reminders, (all) => all.length > 0 && all.every((r) => r.state !== 'pending' || r.later));
    expect(rows).toEqual([
      { key: 'after:PT1S|controller', state: 'fired', later: false },
      { key: 'after:PT1S|executor', state: 'fired', later: false },
      { key: 'afterWorkingDays:2|head', state: 'pending', later: true },
      { key: 'before:PT8S|executor', state: 'fired', later: false },
    ]);

    const notes = (user: TestUser) =>
      t.http
        .get('/api/v1/me/notifications?limit=100')
        .set('Authorization', `Bearer ${user.token}`)
        .then((r) => (r.body.items as { type: string; subject: { id: string } }[]).filter((n) => n.subject.id === taskId).map((n) => n.type).sort());
    expect(await notes(executor)).toEqual(['task.assigned', 'task.overdue', 'task.reminder']);
    expect(await notes(controller)).toEqual(['task.overdue']);
    expect(await notes(head)).toEqual([]);

    // Every e-mail of the task's notifications has been delivered; each arrived once.
    const deliveries = () =>
      t.dataSource.query(
        `SELECT dl.id, dl.state, n.type, n.user_id AS "userId" FROM deliveries dl JOIN notifications n ON n.id = dl.notification_id
          WHERE n.subject_id = $1 AND dl.channel = 'email'`,
        [taskId],
      ) as Promise<{ id: string; state: string; type: string; userId: string }[]>;
    const sent = await until(deliveries, (all) => all.length === 4 && all.every((d) => d.state === 'delivered'));
    expect(sent.map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    const mailed = (user: TestUser) =>
      mails
        .filter((m) => m.to === user.email)
        .map((m) => sent.find((d) => d.id === m.messageId)?.type ?? `unknown ${m.messageId}`)
        .sort();
    expect(mailed(executor)).toEqual(['task.assigned', 'task.overdue', 'task.reminder']);
    expect(mailed(controller)).toEqual(['task.overdue']);

    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_events WHERE stream_id = $1 AND type = 'TaskBecameOverdue'`, [taskId]);
    expect(n).toBe(1);
  }, 180_000);
});
