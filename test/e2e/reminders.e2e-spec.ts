import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Note {
  id: string;
  type: string;
  subject: { type: string; id: string };
  title: string;
  body: string;
  createdAt: string;
}

describe('reminders over HTTP, as an executor lives them', () => {
  let t: TestApp;
  let controller: TestUser;
  let executor: TestUser;

  const inbox = async (user: TestUser, taskId: string): Promise<Note[]> =>
    ((await t.http.get('/api/v1/me/notifications?limit=100').set('Authorization', `Bearer ${user.token}`)).body.items as Note[]).filter(
      (n) => n.subject.id === taskId,
    );
  const waitFor = async (user: TestUser, taskId: string, type: string, timeoutMs = 20_000): Promise<Note | undefined> => {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const found = (await inbox(user, taskId)).find((n) => n.type === type);
      if (found) return found;
      await sleep(100);
    }
    return undefined;
  };

  beforeAll(async () => {
    t = await startTestApp();
    controller = await aUser(t, { roles: ['controller'], locale: 'kk' });
    executor = await aUser(t, { locale: 'ru', fullName: 'Ауыл округі әкімі' });
  }, 120_000);
  afterAll(() => t.close());

  it('TaskDueInSeconds_WithBeforePT8S_RemindsAbout8sBefore_ThenOverdueForExecutorAndControllerOnceEach', async () => {
    const dueAt = new Date(Date.now() + 12_000);
    const issued = await t.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'Түсіндіру жұмысының есебін беру', executorId: executor.id, dueAt: dueAt.toISOString(), reminderPolicy: [{ before: 'PT8S' }] });
    expect(issued.status).toBe(201);
    const taskId = issued.body.id as string;

    expect(await waitFor(executor, taskId, 'task.assigned', 5000)).toBeDefined();
    const reminder = await waitFor(executor, taskId, 'task.reminder');
    expect(reminder).toBeDefined();
    const ahead = dueAt.getTime() - new Date(reminder!.createdAt).getTime();
    expect(ahead).toBeGreaterThan(6_500); // not late by more than 1.5 s
    expect(ahead).toBeLessThanOrEqual(8_050); // never early
    expect(reminder!.title).toBe('Напоминание: Түсіндіру жұмысының есебін беру');

    const overdue = await waitFor(executor, taskId, 'task.overdue');
    expect(overdue).toBeDefined();
    expect(new Date(overdue!.createdAt).getTime()).toBeGreaterThanOrEqual(dueAt.getTime() - 50);
    const controllerOverdue = await waitFor(controller, taskId, 'task.overdue');
    expect(controllerOverdue?.title).toMatch(/^Мерзімі өтті: /);

    await sleep(1500); // nothing more may come
    expect((await inbox(executor, taskId)).map((n) => n.type).sort()).toEqual(['task.assigned', 'task.overdue', 'task.reminder']);
    expect((await inbox(controller, taskId)).map((n) => n.type)).toEqual(['task.overdue']);

    const task = await t.http.get(`/api/v1/tasks/${taskId}`).set('Authorization', `Bearer ${executor.token}`);
    expect(task.body.overdue).toBe(true);
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

    await sleep(5000);
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
    expect((await t.http.get('/api/v1/calendar-feeds/not-a-real-token-123456789.ics')).status).toBe(404);
    const rotated = await t.http.post('/api/v1/me/calendar-feed/rotate').set('Authorization', `Bearer ${executor.token}`);
    expect(rotated.body.url).not.toBe(feed.body.url);
    expect((await t.http.get(path)).status).toBe(404);
  });
});
