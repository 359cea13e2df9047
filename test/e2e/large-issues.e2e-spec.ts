import { PLATFORM_ROLE } from '@kelisim/platform';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aUser, counts, startTestApp, type TestApp, type TestUser, until } from '@kelisim/testing';

const EVERYONE = ['executor', 'co_executors', 'controller', 'executor_head'];
/**
 * Twenty items to everyone: 20 × (1 + 5 + 1 + 1) for the policy and 3 for the ladder make 163
 * reminders a task may plan at most, which is what a command counts. Ten are overdue notices, and
 * planned; ten fall a year before the deadline, long past, and are dropped when planned.
 */
const POLICY = Array.from({ length: 20 }, (_, i) => (i < 10 ? { after: `P${i + 1}D`, to: EVERYONE } : { before: `P${340 + i}D`, to: EVERYONE }));
/** The same bound, almost nothing planned: for the tests about the issue rather than its reminders. */
const LIGHT_POLICY = Array.from({ length: 20 }, (_, i) => ({ before: `P${300 + i}D`, to: EVERYONE }));
const PER_TASK = 163;

/**
 * Issue 10, item 8: one command plans at most 20,000 reminders. A larger issue is accepted (202)
 * and its tasks are issued by the worker in batches, each within that bound, resumable after a
 * batch fails, never doubled — over HTTP, the real relay, PostgreSQL and Redis.
 */
describe('an issue too large for one command', () => {
  let t: TestApp;
  let controller: TestUser;
  let otherController: TestUser;
  let stranger: TestUser;
  let executors: TestUser[];
  let coExecutors: TestUser[];
  let firstIssueId: string;

  const as = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });
  const issue = (title: string, headers: Record<string, string> = {}, reminderPolicy: object[] = LIGHT_POLICY) =>
    t.http
      .post('/api/v1/tasks')
      .set({ ...as(controller), ...headers })
      .send({
        title,
        executorIds: executors.map((e) => e.id),
        coExecutorIds: coExecutors.map((c) => c.id),
        // 42 Mondays: 3 executors × 42 = 126 tasks × 163 = 20,538 reminders at most, batches of 122.
        recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=42' },
        reminderPolicy,
      });
  const progress = (id: string, user: TestUser = controller) => t.http.get(`/api/v1/task-issues/${id}`).set(as(user));
  const finished = async (id: string) => (await until(() => progress(id), (r) => r.body.status === 'issued', 120_000, 200)).body;
  const tasksOf = (recurrenceId: string) =>
    t.dataSource.query(`SELECT id, executor_id, due_at FROM tasks WHERE recurrence_id = $1`, [recurrenceId]) as Promise<
      { id: string; executor_id: string; due_at: Date }[]
    >;

  beforeAll(async () => {
    t = await startTestApp();
    controller = await aUser(t, { roles: ['controller'] });
    otherController = await aUser(t, { roles: ['controller'] });
    stranger = await aUser(t);
    // They never sign in here: created, not logged in (each password hash costs).
    const person = async (): Promise<TestUser> => {
      const organizationId = controller.organizationId;
      const created = await t.http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ fullName: 'Ауылдық округ әкімі', email: `person-${randomUUID()}@kelisim.test`, organizationId, roles: [], password: 'person-password-123' });
      expect(created.status).toBe(201);
      return { id: created.body.id, email: created.body.email, organizationId, token: '' };
    };
    executors = [await person(), await person(), await person()];
    coExecutors = [];
    for (let i = 0; i < 5; i++) coExecutors.push(await person());
  }, 180_000);
  afterAll(() => t.close());

  it('TooManyReminders_IsAccepted202_ThenIssuedInBatches_NoneOfWhichPlansMoreThan20000', async () => {
    const before = await counts(t, 'tasks');
    const accepted = await issue('Апта сайынғы түсіндіру жұмысы', {}, POLICY);
    expect(accepted.status).toBe(202);
    firstIssueId = accepted.body.issueId;
    expect(accepted.headers.location).toBe(`/api/v1/task-issues/${accepted.body.issueId}`);
    expect(accepted.headers.etag).toBe('"1"');
    expect(accepted.body).toMatchObject({ status: 'issuing', title: 'Апта сайынғы түсіндіру жұмысы', instances: 126, groupId: null, completedAt: null });
    expect(accepted.body.occurrences).toHaveLength(42);
    // The command itself wrote the issue and its one event, no task.
    expect((await counts(t, 'tasks')).rows).toBe(before.rows);

    const done = await finished(accepted.body.issueId);
    expect(done).toMatchObject({ status: 'issued', instances: 126, issued: 126, recurrenceId: accepted.body.recurrenceId });
    const tasks = await tasksOf(accepted.body.recurrenceId);
    expect(tasks).toHaveLength(126);
    expect(new Set(tasks.map((task) => `${task.executor_id}|${new Date(task.due_at).toISOString()}`)).size).toBe(126);
    const occurrences = (accepted.body.occurrences as { dueAt: string }[]).map((o) => o.dueAt).sort();
    expect([...new Set(tasks.map((task) => new Date(task.due_at).toISOString()))].sort()).toEqual(occurrences);

    // Each batch is a transaction: PostgreSQL's now() is its start, so reminders group by batch.
    const perTransaction = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM reminders WHERE subject_id = ANY($1::uuid[]) GROUP BY created_at ORDER BY 1 DESC`,
      [tasks.map((task) => task.id)],
    )) as { n: number }[];
    expect(perTransaction.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perTransaction.map((r) => r.n))).toBeLessThanOrEqual(20_000);
    // 10 overdue notices × 7 people (executor, 5 co-executors, controller) for each of the 126 tasks.
    expect(perTransaction.reduce((sum, r) => sum + r.n, 0)).toBe(126 * 70);
    expect(70).toBeLessThanOrEqual(PER_TASK);
    const [{ assigned }] = await t.dataSource.query(`SELECT count(*)::int AS assigned FROM journal_events WHERE type = 'TaskAssigned' AND payload->>'recurrenceId' = $1`, [
      accepted.body.recurrenceId,
    ]);
    expect(assigned).toBe(126);
  }, 300_000);

  it('Progress_IsForItsAuthorAndControllers_404ForOthers', async () => {
    expect((await progress(firstIssueId, otherController)).status).toBe(200);
    const hidden = await progress(firstIssueId, stranger);
    expect(hidden.status).toBe(404);
    expect(hidden.body.type).toMatch(/\/not-found$/);
    expect((await progress('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await progress('not-a-uuid')).status).toBe(400);
  });

  it('SameIdempotencyKey_Repeated_Replays202WithTheSameIssue_AndIssuesOnce', async () => {
    const key = { 'Idempotency-Key': 'large-issue-once' };
    const first = await issue('Бір рет қана', key);
    const again = await issue('Бір рет қана', key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.body.issueId).toBe(first.body.issueId);
    await finished(first.body.issueId);
    expect(await tasksOf(first.body.recurrenceId)).toHaveLength(126);
    const [{ issues }] = await t.dataSource.query(`SELECT count(*)::int AS issues FROM task_issues WHERE plan->'task'->>'title' = 'Бір рет қана'`);
    expect(issues).toBe(1);
  }, 300_000);

  it('ABatchFailingHalfway_LeavesNothing_IsDeliveredAgain_AndTheIssueEndsWithEachTaskOnce', async () => {
    // A fault inside PostgreSQL itself: the 50th task written from now on fails its transaction
    // (a sequence is not rolled back, so the retry passes): the first batch, of 122 tasks, fails
    // 50 tasks in, after it has planned their reminders and written their events.
    await t.asOwner(`CREATE SEQUENCE fault_tasks`);
    await t.asOwner(`GRANT USAGE ON SEQUENCE fault_tasks TO ${PLATFORM_ROLE}`);
    await t.asOwner(`
      CREATE FUNCTION fault_on_50th_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.title = 'Ақаумен' THEN
          IF nextval('fault_tasks') = 50 THEN RAISE EXCEPTION 'injected fault on the 50th task'; END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await t.asOwner(`CREATE TRIGGER fault_on_50th_task BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION fault_on_50th_task()`);
    try {
      const accepted = await issue('Ақаумен');
      expect(accepted.status).toBe(202);
      const done = await finished(accepted.body.issueId);
      expect(done).toMatchObject({ status: 'issued', issued: 126 });
      const tasks = await tasksOf(accepted.body.recurrenceId);
      expect(tasks).toHaveLength(126);
      expect(new Set(tasks.map((task) => `${task.executor_id}|${new Date(task.due_at).toISOString()}`)).size).toBe(126);
      // The fault did strike: a batch's event was retried by the relay.
      const [{ retried }] = await t.dataSource.query(
        `SELECT count(*)::int AS retried FROM outbox o JOIN journal_events e ON e.position = o.position
          WHERE e.stream_id = $1 AND o.attempts > 0 AND o.last_error LIKE '%injected fault%'`,
        [accepted.body.issueId],
      );
      expect(retried).toBe(1);
      // Nothing of the failed attempt remains: every reminder belongs to a task that exists.
      const [{ orphans }] = await t.dataSource.query(`SELECT count(*)::int AS orphans FROM reminders r WHERE NOT EXISTS (SELECT 1 FROM tasks k WHERE k.id = r.subject_id)`);
      expect(orphans).toBe(0);
    } finally {
      await t.asOwner(`DROP TRIGGER fault_on_50th_task ON tasks`);
    }
  }, 300_000);

  it('EveryBatchEventDeliveredAgain_IssuesNothingMore', async () => {
    const accepted = await issue('Қайта жеткізу');
    await finished(accepted.body.issueId);
    const before = await counts(t, 'tasks');
    // As if the inbox had lost every step of this issue and the relay published them all again.
    await t.dataSource.query(
      `DELETE FROM consumer_inbox WHERE consumer = 'tasks.issue-batches' AND position IN (SELECT position FROM journal_events WHERE stream_id = $1)`,
      [accepted.body.issueId],
    );
    const [{ republished }] = await t.dataSource.query(
      `WITH again AS (UPDATE outbox SET published_at = NULL, next_attempt_at = now()
                       WHERE position IN (SELECT position FROM journal_events WHERE stream_id = $1) RETURNING position)
       SELECT count(*)::int AS republished FROM again`,
      [accepted.body.issueId],
    );
    // Accepted, a batch of 122, a batch of 4, Completed.
    expect(republished).toBe(4);
    await until(
      async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox o JOIN journal_events e ON e.position = o.position WHERE e.stream_id = $1 AND o.published_at IS NULL`, [accepted.body.issueId]))[0].n,
      (n) => n === 0,
      120_000,
    );
    expect(await counts(t, 'tasks')).toEqual(before);
    expect(await tasksOf(accepted.body.recurrenceId)).toHaveLength(126);
  }, 300_000);
});
