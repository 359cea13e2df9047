import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aHeldMeetingWithADecision, aUser, counts, settled, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * Who may issue tasks from a group or a meeting: a working group's chair for the group; a meeting's
 * decisions only through the approved protocol (issue 10, item 7), plus a controller's follow-up
 * on an approved decision.
 */
describe('a working group chair issues tasks; a meeting issues through its protocol only', () => {
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
  }, 180_000);
  afterAll(() => t.close());

  const tasksCiting = async (decisionId: string): Promise<{ author: string; executor: string }[]> =>
    (await t.dataSource.query(
      `SELECT author_id AS author, executor_id AS executor FROM tasks WHERE source_type = 'meeting_decision' AND source_id = $1 ORDER BY created_at`,
      [decisionId],
    )) as never;
  /** A held meeting chaired by `chair`, with one decision that drafts a task for `executor`. */
  const heldMeetingWithADecision = () =>
    aHeldMeetingWithADecision(t, { controller, chair, participants: [member, executor] }, [
      { title: 'Түсіндіру жұмыстарын жүргізу', executorId: executor.id, dueInWorkingDays: 5 },
    ]);

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

  it('MeetingChair_CitingADecision_BeforeOrAfterTheProtocol_Is403AndChangesNothing', async () => {
    const { meetingId, decisionId } = await heldMeetingWithADecision();
    const cite = { source: { type: 'meeting_decision', id: decisionId }, executorId: member.id };
    const before = await counts(t, 'tasks');
    const early = await issue(chair, cite);
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('TASK.ISSUED_BY_PROTOCOL');
    expect(await counts(t, 'tasks')).toEqual(before);

    expect((await t.http.post(`/api/v1/meetings/${meetingId}/protocol/approve`).set(as(chair))).status).toBe(200);
    await settled(t, async () => (await tasksCiting(decisionId)).length === 1);
    expect(await tasksCiting(decisionId)).toEqual([{ author: chair.id, executor: executor.id }]);

    const after = await counts(t, 'tasks');
    const late = await issue(chair, cite);
    expect(late.status).toBe(403);
    expect(late.body.code).toBe('TASK.ISSUED_BY_PROTOCOL');
    expect(await counts(t, 'tasks')).toEqual(after);
    expect(await tasksCiting(decisionId)).toHaveLength(1);
  });

  it('Controller_CitingADecisionOfAProtocolNotApproved_Is409_AnUnknownDecisionIs400_BothChangeNothing', async () => {
    const { decisionId } = await heldMeetingWithADecision();
    const before = await counts(t, 'tasks');
    const early = await t.http
      .post('/api/v1/tasks')
      .set(as(controller))
      .send({ title: 'Қосымша тапсырма', executorId: member.id, dueInWorkingDays: 5, source: { type: 'meeting_decision', id: decisionId } });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('MEETING.DECISION_NOT_APPROVED');
    expect(early.body.detail).toContain('хаттамасы бекітілгеннен кейін'); // the controller reads Kazakh
    const unknown = await issue(controller, { source: { type: 'meeting_decision', id: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['source.id']);
    expect(await counts(t, 'tasks')).toEqual(before);
    expect(await tasksCiting(decisionId)).toEqual([]);
  });

  it('ProtocolApprovedByAController_NotTheChair_IssuesItsTasks_AndAControllerMayFollowUpOnTheApprovedDecision', async () => {
    const { meetingId, decisionId } = await heldMeetingWithADecision();
    expect((await t.http.post(`/api/v1/meetings/${meetingId}/protocol/approve`).set(as(controller))).status).toBe(200);
    await settled(t, async () => (await tasksCiting(decisionId)).length === 1);
    expect(await tasksCiting(decisionId)).toEqual([{ author: controller.id, executor: executor.id }]);

    const followUp = await issue(controller, { source: { type: 'meeting_decision', id: decisionId }, executorId: member.id });
    expect(followUp.status).toBe(201);
    expect(await tasksCiting(decisionId)).toEqual([
      { author: controller.id, executor: executor.id },
      { author: controller.id, executor: member.id },
    ]);
  });
});
