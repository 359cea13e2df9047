import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

describe('a working group chair issues tasks', () => {
  let t: TestApp;
  let controller: TestUser;
  let chair: TestUser;
  let member: TestUser;
  let executor: TestUser;
  let groupId: string;

  const as = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });
  const issue = (user: TestUser, body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/tasks')
      .set(as(user))
      .send({ title: 'Ақпараттық-түсіндіру тобының кездесуі', executorId: executor.id, controllerId: controller.id, dueInWorkingDays: 5, ...body });

  beforeAll(async () => {
    t = await startTestApp();
    controller = await aUser(t, { roles: ['controller'] });
    chair = await aUser(t, { fullName: 'Қоғамдық келісім кеңесінің төрағасы' });
    member = await aUser(t);
    executor = await aUser(t);
    const formed = await t.http
      .post('/api/v1/working-groups')
      .set(as(controller))
      .send({
        name: 'Этносаралық келісімді нығайту жөніндегі ақпараттық-түсіндіру тобы',
        mandate: 'Тұрғындар мен жастар арасында түсіндіру жұмысын жүргізу',
        chairId: chair.id,
        memberIds: [member.id],
      });
    expect(formed.status).toBe(201);
    groupId = formed.body.id;
  });
  afterAll(() => t.close());

  it('Chair_WithTheGroupAsSource_Issues', async () => {
    const response = await issue(chair, { source: { type: 'working_group', id: groupId } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ authorId: chair.id, controllerId: controller.id, source: { type: 'working_group', id: groupId } });
  });

  it.each([
    ['a member of the group', () => member, () => ({ source: { type: 'working_group', id: groupId } })],
    ['the chair without a source', () => chair, () => ({})],
    ['the chair for another source', () => chair, () => ({ source: { type: 'memorandum', id: groupId } })],
  ])('%s_Is403AndChangesNothing', async (_, who, body) => {
    const before = await counts(t, 'tasks');
    const response = await issue(who(), body());
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('TASK.ISSUER_REQUIRED');
    expect(await counts(t, 'tasks')).toEqual(before);
  });
});
