import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatDateTime } from '@kelisim/kernel';
import { aUser, counts, startTestApp, type TestApp, type TestUser, until } from '@kelisim/testing';

interface Note {
  id: string;
  type: string;
  subject: { type: string; id: string };
  title: string;
  body: string;
  createdAt: string;
}

interface ReminderRow {
  recipient_id: string;
  overdue: boolean;
  state: string;
  deadline_revision: number;
  fire_at: Date;
  /** PostgreSQL's clock when it fired. */
  fired_at: Date | null;
}

/** The processor's tolerance: a job this close to its time fires rather than sleep again. */
const TOLERANCE_MS = 50;

/**
 * Reminders over HTTP. No assertion here is about time taken: each waits (polling, with a limit
 * that only stops a broken run) for the state that must come, then checks invariants — every
 * reminder fired once or was cancelled, none before its time by the database's clock, and once no
 * reminder of a task is pending nothing more can come.
 */
describe('reminders over HTTP, as an executor lives them', () => {
  let t: TestApp;
  let controller: TestUser;
  let executor: TestUser;

  const inbox = async (user: TestUser, taskId: string): Promise<Note[]> =>
    ((await t.http.get('/api/v1/me/notifications?limit=100').set('Authorization', `Bearer ${user.token}`)).body.items as Note[]).filter(
      (n) => n.subject.id === taskId,
    );
  const waitFor = async (user: TestUser, taskId: string, type: string): Promise<Note | undefined> =>
    (await until(() => inbox(user, taskId), (notes) => notes.some((n) => n.type === type))).find((n) => n.type === type);
  const reminders = async (taskId: string): Promise<ReminderRow[]> =>
    (await t.dataSource.query(
      `SELECT recipient_id::text, overdue, state, deadline_revision, fire_at, fired_at FROM reminders WHERE subject_id = $1 ORDER BY fire_at, recipient_id`,
      [taskId],
    )) as ReminderRow[];
  /**
   * Every reminder of the task due by `horizon` fired or cancelled: from then on, nothing more can
   * come before it (an escalation days later may stay pending). Returns those reminders.
   */
  const settled = async (taskId: string, horizon: Date) =>
    (
      await until(
        async () => (await reminders(taskId)).filter((r) => new Date(r.fire_at).getTime() <= horizon.getTime()),
        (rows) => rows.length > 0 && rows.every((r) => r.state !== 'pending'),
      )
    );
  const databaseNow = async (): Promise<number> => new Date(((await t.dataSource.query('SELECT clock_timestamp() AS now')) as { now: Date }[])[0].now).getTime();

  beforeAll(async () => {
    t = await startTestApp();
    controller = await aUser(t, { roles: ['controller'], locale: 'kk' });
    executor = await aUser(t, { locale: 'ru', fullName: 'Ауыл округі әкімі' });
  }, 120_000);
  afterAll(() => t.close());

  it('TaskDueInSeconds_WithBeforePT8S_Reminds8sBefore_ThenOverdueForExecutorAndControllerOnceEach_NoneEarly', async () => {
    const dueAt = new Date(Date.now() + 12_000);
    const issued = await t.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'Түсіндіру жұмысының есебін беру', executorId: executor.id, dueAt: dueAt.toISOString(), reminderPolicy: [{ before: 'PT8S' }] });
    expect(issued.status).toBe(201);
    const taskId = issued.body.id as string;
    expect(await waitFor(executor, taskId, 'task.assigned')).toBeDefined();

    // Planned: the executor's reminder 8 s before, the overdue notice to executor and controller at the deadline.
    const rows = await settled(taskId, dueAt);
    expect(rows.map((r) => [r.recipient_id, r.overdue, new Date(r.fire_at).toISOString(), r.state])).toEqual(
      [
        [executor.id, false, new Date(dueAt.getTime() - 8000).toISOString(), 'fired'],
        ...[executor.id, controller.id].sort().map((id) => [id, true, dueAt.toISOString(), 'fired']),
      ],
    );
    for (const r of rows) expect(new Date(r.fired_at!).getTime()).toBeGreaterThanOrEqual(new Date(r.fire_at).getTime() - TOLERANCE_MS); // never early

    // Nothing due is pending, so the inboxes are final: each notice once.
    expect((await inbox(executor, taskId)).map((n) => n.type).sort()).toEqual(['task.assigned', 'task.overdue', 'task.reminder']);
    expect((await inbox(controller, taskId)).map((n) => n.type)).toEqual(['task.overdue']);
    expect((await inbox(executor, taskId)).find((n) => n.type === 'task.reminder')!.title).toBe('Напоминание: Түсіндіру жұмысының есебін беру');
    expect((await inbox(controller, taskId))[0].title).toMatch(/^Мерзімі өтті: /);

    const task = await until(
      async () => (await t.http.get(`/api/v1/tasks/${taskId}`).set('Authorization', `Bearer ${executor.token}`)).body as { overdue: boolean },
      (body) => body.overdue === true,
    );
    expect(task.overdue).toBe(true);
    const overdueEvents = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_events WHERE stream_id = $1 AND type = 'TaskBecameOverdue'`, [taskId]);
    expect(overdueEvents[0].n).toBe(1);
  });

  it('AcceptedBeforeItsReminder_NothingFires; Extended_OnlyTheNewDeadlineReminds', async () => {
    const dueAt = new Date(Date.now() + 4_000);
    const send = (title: string) =>
      t.http
        .post('/api/v1/tasks')
        .set('Authorization', `Bearer ${controller.token}`)
        .send({ title, executorId: executor.id, dueAt: dueAt.toISOString(), reminderPolicy: [{ before: 'PT2S' }] });
    const done = (await send('Орындалады')).body.id as string;
    const moved = (await send('Ұзартылады')).body.id as string;
    const as = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });
    expect((await t.http.post(`/api/v1/tasks/${done}/acknowledge`).set(as(executor))).status).toBe(200);
    expect((await t.http.post(`/api/v1/tasks/${done}/reports`).set(as(executor)).send({ text: 'Орындалды' })).status).toBe(201);
    expect((await t.http.post(`/api/v1/tasks/${done}/accept`).set(as(controller))).status).toBe(200);
    const request = await t.http
      .post(`/api/v1/tasks/${moved}/extension-requests`)
      .set(as(executor))
      .send({ proposedDueAt: new Date(Date.now() + 3600_000).toISOString(), reason: 'Ауылдарға бару керек' });
    expect(request.status).toBe(201);
    const rid = request.body.extensionRequests?.[0]?.id ?? request.body.id;
    const approved = await t.http.post(`/api/v1/tasks/${moved}/extension-requests/${rid}/approve`).set(as(controller)).send({});
    expect(approved.status).toBe(200);

    // The accepted task's reminders and the moved task's old ones are cancelled: a cancelled reminder can never fire.
    const closed = await settled(done, dueAt);
    expect(closed.every((r) => r.state === 'cancelled')).toBe(true);
    const old = await until(
      async () => (await reminders(moved)).filter((r) => r.deadline_revision === 1),
      (rows) => rows.length > 0 && rows.every((r) => r.state !== 'pending'),
    );
    expect(old.every((r) => r.state === 'cancelled')).toBe(true);
    expect((await reminders(moved)).filter((r) => r.deadline_revision > 1).every((r) => r.state === 'pending')).toBe(true);
    // And once the old deadline has passed by the database's clock, still nothing but the assignment and the decision.
    await until(databaseNow, (now) => now > dueAt.getTime() + 1000);
    expect((await inbox(executor, done)).map((n) => n.type)).toEqual(['task.assigned']);
    expect((await inbox(executor, moved)).map((n) => n.type).sort()).toEqual(['task.assigned', 'task.extension_decided']);
  });

  it('BadPolicy_Is400NamingTheItem_AndChangesNothing', async () => {
    const before = await counts(t, 'tasks');
    const response = await t.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'X', executorId: executor.id, dueInWorkingDays: 3, reminderPolicy: [{ before: 'P3D' }, { before: 'three days' }] });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('reminderPolicy[1].before');
    expect(await counts(t, 'tasks')).toEqual(before);
  });

  it('CalendarFeed_ListsMyOpenDeadlinesWithAlarms_BySecretUrlOnly', async () => {
    const dueAt = new Date(Date.now() + 3 * 24 * 3600_000);
    await t.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'Достық бөлмесін ашу', executorId: executor.id, dueAt: dueAt.toISOString(), reminderPolicy: [{ before: 'P1D' }] });
    const feed = await t.http.get('/api/v1/me/calendar-feed').set('Authorization', `Bearer ${executor.token}`);
    expect(feed.status).toBe(200);
    expect(feed.body.url).toMatch(/\/api\/v1\/calendar-feeds\/[\w-]+\.ics$/);
    // Shown once: only the token's hash is kept, so a second look says when it was made, not where.
    const again = await t.http.get('/api/v1/me/calendar-feed').set('Authorization', `Bearer ${executor.token}`);
    expect(again.body).toEqual({ url: null, createdAt: feed.body.createdAt });
    const token = /calendar-feeds\/([\w-]+)\.ics$/.exec(feed.body.url)![1];
    expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM calendar_feeds`))).not.toContain(token);
    const path = new URL(feed.body.url).pathname;
    const ics = await t.http.get(path);
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.text).toContain('BEGIN:VCALENDAR');
    expect(ics.text).toContain('SUMMARY:Достық бөлмесін ашу');
    expect(ics.text).toContain('BEGIN:VALARM');
    // The description in the owner's language and zone, by the kernel's formatter (lines unfolded, text unescaped).
    const unfolded = ics.text.replace(/\r?\n[ \t]/g, '').replace(/\\([,;\\])/g, '$1');
    expect(unfolded).toContain(`DESCRIPTION:Поручение · Срок: ${formatDateTime(dueAt, 'ru', 'Asia/Almaty')}`);
    expect((await t.http.get('/api/v1/calendar-feeds/not-a-real-token-123456789.ics')).status).toBe(404);
    const rotated = await t.http.post('/api/v1/me/calendar-feed/rotate').set('Authorization', `Bearer ${executor.token}`);
    expect(rotated.body.url).not.toBe(feed.body.url);
    expect((await t.http.get(path)).status).toBe(404);
  });
});
