import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aHeldMeetingWithADecision, aUser, settled, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

interface Listed {
  id: string;
  title: string;
}

/**
 * Issue 10, item 6: a working group's page and a meeting's decisions embed tasks. Each reader sees
 * (and counts) exactly the tasks GET /tasks/{id} would open for them: controllers every one, others
 * what they execute, co-execute, control or issued.
 */
describe('tasks embedded in working groups and meetings', () => {
  let t: TestApp;
  let controller: TestUser;
  let chair: TestUser;
  let executor: TestUser;
  let coExecutor: TestUser;
  let otherExecutor: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let groupId: string;
  const groupTasks: Record<string, string> = {};

  const as = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });
  const opens = async (user: TestUser, taskId: string): Promise<boolean> => {
    const response = await t.http.get(`/api/v1/tasks/${taskId}`).set(as(user));
    expect([200, 404]).toContain(response.status);
    return response.status === 200;
  };

  beforeAll(async () => {
    t = await startTestApp();
    controller = await aUser(t, { roles: ['controller'] });
    chair = await aUser(t);
    executor = await aUser(t);
    coExecutor = await aUser(t);
    otherExecutor = await aUser(t);
    member = await aUser(t);
    stranger = await aUser(t);
    const formed = await t.http
      .post('/api/v1/working-groups')
      .set(as(controller))
      .send({ name: 'Ақпараттық-түсіндіру тобы', mandate: 'Түсіндіру жұмысы', chairId: chair.id, memberIds: [member.id, executor.id] });
    expect(formed.status).toBe(201);
    groupId = formed.body.id;
    for (const [title, body] of [
      ['Кездесу өткізу', { executorId: executor.id }],
      ['Баяндама дайындау', { executorId: otherExecutor.id, coExecutorIds: [coExecutor.id] }],
    ] as const) {
      const issued = await t.http
        .post('/api/v1/tasks')
        .set(as(chair))
        .send({ title, controllerId: controller.id, dueInWorkingDays: 5, source: { type: 'working_group', id: groupId }, ...body });
      expect(issued.status).toBe(201);
      groupTasks[title] = issued.body.id;
    }
  }, 180_000);
  afterAll(() => t.close());

  it.each([
    ['a stranger', () => stranger, []],
    ['a member who executes nothing of it', () => member, []],
    ['the executor of one', () => executor, ['Кездесу өткізу']],
    ['the co-executor of the other', () => coExecutor, ['Баяндама дайындау']],
    ['the chair who issued both', () => chair, ['Баяндама дайындау', 'Кездесу өткізу']],
    ['a controller', () => controller, ['Баяндама дайындау', 'Кездесу өткізу']],
  ])('WorkingGroupPage_As %s_ListsAndCountsOnlyTheTasksTheyMayOpen', async (_, who, titles) => {
    const reader = who();
    const page = await t.http.get(`/api/v1/working-groups/${groupId}`).set(as(reader));
    expect(page.status).toBe(200);
    const items = page.body.tasks.items as Listed[];
    expect(items.map((task) => task.title).sort()).toEqual(titles);
    expect(page.body.tasks).toMatchObject({ issued: titles.length, done: 0, overdue: 0, cancelled: 0 });
    // The same rule as GET /tasks/{id}: every listed task opens, every other one is 404.
    for (const id of Object.values(groupTasks)) expect(await opens(reader, id)).toBe(items.some((task) => task.id === id));
  });

  it('MeetingDecisions_RollUpOnlyTheTasksTheReaderMayOpen', async () => {
    const { meetingId, decisionId } = await aHeldMeetingWithADecision(t, { controller, chair, participants: [executor, otherExecutor, member] }, [
      { title: 'Түсіндіру жұмысы', executorIds: [executor.id, otherExecutor.id], dueInWorkingDays: 5 },
    ]);
    expect((await t.http.post(`/api/v1/meetings/${meetingId}/protocol/approve`).set(as(controller))).status).toBe(200);
    await settled(t, async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM tasks WHERE source_id = $1`, [decisionId]))[0].n === 2);

    const rollUp = async (reader: TestUser) => (await t.http.get(`/api/v1/meetings/${meetingId}`).set(as(reader))).body.decisions[0].rollUp;
    expect(await rollUp(controller)).toEqual({ issued: 2, done: 0, overdue: 0, cancelled: 0 });
    expect(await rollUp(executor)).toEqual({ issued: 1, done: 0, overdue: 0, cancelled: 0 });
    expect(await rollUp(member)).toEqual({ issued: 0, done: 0, overdue: 0, cancelled: 0 });
    // The chair who did not approve issued nothing: the tasks' author is the controller who approved.
    expect(await rollUp(chair)).toEqual({ issued: 0, done: 0, overdue: 0, cancelled: 0 });
  });
});
