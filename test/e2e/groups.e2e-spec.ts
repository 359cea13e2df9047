import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '@kelisim/kernel';
import { anOrganization, aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

const NO_ONE = '00000000-0000-4000-8000-000000000000';

/**
 * The Maktaaral interagency meeting of seed/README.md over HTTP: the akim's office schedules it
 * with the district akim in the chair; it is held; its decisions issue a task to three
 * rural-district akims and form the special working group; approving the protocol carries them
 * out through the outbox (the protocol issuer saga). Time is frozen: Monday 13 April 2026, 09:00 in Almaty.
 */
describe('working groups and meetings over HTTP', () => {
  const clock = new FixedClock(new Date('2026-04-13T04:00:00Z'));
  let t: TestApp;
  let controller: TestUser;
  let akim: TestUser;
  let prosecutor: TestUser;
  let police: TestUser;
  let policy: TestUser;
  let ethno: TestUser;
  let ruralAkims: TestUser[];
  let stranger: TestUser;
  let meetingId: string;
  let decisionIds: string[];
  let workingGroupId: string;
  const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: TestUser, path: string, body: object = {}) => t.http.post(`/api/v1${path}`).set(bearer(u)).send(body);
  const get = (u: TestUser, path: string) => t.http.get(`/api/v1${path}`).set(bearer(u));
  const del = (u: TestUser, path: string) => t.http.delete(`/api/v1${path}`).set(bearer(u));
  const tasksOf = async (decisionId: string): Promise<{ id: string; executorId: string; title: string }[]> =>
    (await t.dataSource.query('SELECT id, executor_id AS "executorId", title FROM tasks WHERE source_type = $1 AND source_id = $2 ORDER BY executor_id', [
      'meeting_decision',
      decisionId,
    ])) as never;
  const eventually = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      await t.relay.drain();
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the saga did not take effect within 10 s');
  };
  const schedule = (u: TestUser, body: object = {}) =>
    post(u, '/meetings', {
      title: 'Қоғамдық-саяси ахуалдың тұрақтылығын қамтамасыз ету жөніндегі мекемеаралық мәжіліс',
      scheduledAt: '2026-04-14T10:00:00+05:00',
      location: 'Мақтаарал ауданы әкімдігі, мәжіліс залы',
      chairId: akim.id,
      participantIds: [prosecutor.id, police.id, policy.id, ethno.id, ...ruralAkims.map((a) => a.id)],
      agenda: [
        { title: 'Аудандағы ұлтаралық шиеленістердің алдын алу бағытында атқарылып жатқан жұмыстар туралы', speakerId: police.id },
        { title: '2021 жылғы ұлтаралық татулықты сақтау туралы Меморандум', speakerId: policy.id },
      ],
      ...body,
    });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const akimat = await anOrganization(t, { name: 'Мақтаарал ауданы әкімдігі', kind: 'akimat' });
    controller = await aUser(t, { roles: ['controller'], organizationId: akimat, fullName: 'Аппарат басшысы' });
    akim = await aUser(t, { organizationId: akimat, fullName: 'Бақыт Асанов' });
    prosecutor = await aUser(t, { roles: ['prosecutor'], organizationId: await anOrganization(t, { name: 'Аудан прокуратурасы', kind: 'prosecutor' }) });
    police = await aUser(t, { organizationId: await anOrganization(t, { name: 'Аудандық полиция бөлімі', kind: 'police' }), fullName: 'Қ.Сатыбалдиев' });
    policy = await aUser(t, { organizationId: await anOrganization(t, { name: 'Ішкі саясат бөлімі', kind: 'department', parentId: akimat }), fullName: 'М.Бабашев' });
    ethno = await aUser(t, { organizationId: await anOrganization(t, { name: 'Өзбек этномәдени орталығы', kind: 'ethnocultural_centre' }) });
    ruralAkims = [];
    for (const name of ['Жамбыл', 'Мырзакент', 'Жетісай']) {
      const district = await anOrganization(t, { name: `${name} ауылдық округі`, kind: 'rural_district', parentId: akimat });
      ruralAkims.push(await aUser(t, { organizationId: district, fullName: `${name} ауылдық округінің әкімі` }));
    }
    stranger = await aUser(t);
  }, 180_000);
  afterAll(() => t.close());

  it('Schedule_ByAController_IsPlannedWithTheAkimInTheChair', async () => {
    const before = await counts(t, 'meetings');
    const response = await schedule(controller);
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({
      status: 'planned',
      chairId: akim.id,
      organizerId: controller.id,
      scheduledAt: '2026-04-14T05:00:00.000Z',
      agenda: [{ speakerId: police.id }, { speakerId: policy.id }],
      decisions: [],
      revision: 1,
    });
    expect(response.body.participantIds).toHaveLength(7);
    meetingId = response.body.id;
    expect(await counts(t, 'meetings')).toEqual({ rows: before.rows! + 1, events: before.events + 1, outbox: before.outbox + 1 });
  });

  it('Meeting_SeenByItsPeopleAndControllers_IsHiddenFromStrangers', async () => {
    expect((await get(akim, `/meetings/${meetingId}`)).status).toBe(200);
    expect((await get(ruralAkims[0], `/meetings/${meetingId}`)).status).toBe(200);
    const hidden = await get(stranger, `/meetings/${meetingId}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.type).toMatch(/\/not-found$/);
    expect((await get(stranger, '/meetings')).body.items).toEqual([]);
    expect((await get(police, '/meetings')).body.items.map((m: { id: string }) => m.id)).toEqual([meetingId]);
    expect((await get(controller, '/meetings?status=planned')).body.items.map((m: { id: string }) => m.id)).toContain(meetingId);
  });

  it('Denial_ForEachMeetingCommand_Is403Or404AndChangesNothing', async () => {
    const before = await counts(t, 'meetings');
    expect((await schedule(akim)).status).toBe(403);
    expect((await post(police, `/meetings/${meetingId}/hold`)).status).toBe(403);
    expect((await post(stranger, `/meetings/${meetingId}/hold`)).status).toBe(404);
    expect((await post(police, `/meetings/${meetingId}/decisions`, { text: 'Шешім' })).status).toBe(403);
    expect((await post(police, `/meetings/${meetingId}/protocol/approve`)).status).toBe(403);
    expect((await post(stranger, `/meetings/${meetingId}/protocol/approve`)).status).toBe(404);
    expect(await counts(t, 'meetings')).toEqual(before);
  });

  it('Transitions_NotAllowedWhilePlanned_Are409NamingBothStatuses', async () => {
    const before = await counts(t, 'meeting_decisions');
    for (const [path, body] of [
      [`/meetings/${meetingId}/decisions`, { text: 'Шешім' }],
      [`/meetings/${meetingId}/protocol/approve`, {}],
    ] as const) {
      const response = await post(controller, path, body);
      expect([path, response.status, response.body.type]).toEqual([path, 409, expect.stringMatching(/\/invalid-transition$/)]);
      expect(response.body.detail).toContain('planned');
    }
    expect(await counts(t, 'meeting_decisions')).toEqual(before);
  });

  it('Hold_ByTheChair_MovesToHeld_AndHoldingAgainIs409', async () => {
    const held = await post(akim, `/meetings/${meetingId}/hold`);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', heldAt: '2026-04-13T04:00:00.000Z', revision: 2 });
    const again = await post(controller, `/meetings/${meetingId}/hold`);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/\/invalid-transition$/);
    expect(again.body.detail).toMatch(/held/);
  });

  it('BadInput_OnEachMeetingCommand_Is400NamingTheFieldAndChangesNothing', async () => {
    const cases: [string, object, string][] = [
      ['/meetings', { title: '' }, 'title'],
      ['/meetings', { scheduledAt: '2026-04-14 10:00' }, 'scheduledAt'],
      ['/meetings', { chairId: 'akim' }, 'chairId'],
      ['/meetings', { chairId: NO_ONE }, 'chairId'],
      ['/meetings', { participantIds: [police.id, NO_ONE] }, 'participantIds[1]'],
      ['/meetings', { agenda: [{ title: 'x'.repeat(501) }] }, 'agenda[0].title'],
      ['/meetings', { agenda: [{ title: 'Баяндама', speakerId: NO_ONE }] }, 'agenda[0].speakerId'],
      ['/meetings', { colour: 'red' }, 'colour'],
      [`/meetings/${meetingId}/decisions`, { text: '' }, 'text'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', tasks: [{ title: 'T', dueInWorkingDays: 5 }] }, 'tasks[0].executorId'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', tasks: [{ title: 'T', executorId: NO_ONE, dueInWorkingDays: 5 }] }, 'tasks[0].executorId'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', tasks: [{ title: 'T', executorIds: [police.id, NO_ONE], dueInWorkingDays: 5 }] }, 'tasks[0].executorIds[1]'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', tasks: [{ title: 'T', executorId: police.id, dueInWorkingDays: 0 }] }, 'tasks[0].dueInWorkingDays'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', tasks: [{ title: 'T', executorId: police.id, dueAt: '2026-04-01T18:00:00+05:00' }] }, 'tasks[0].dueAt'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', tasks: [{ title: 'T', executorId: police.id, dueInWorkingDays: 3, controllerId: police.id }] }, 'tasks[0].controllerId'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', formsWorkingGroup: { name: 'Топ', mandate: '', chairId: akim.id, memberIds: [] } }, 'formsWorkingGroup.mandate'],
      [`/meetings/${meetingId}/decisions`, { text: 'Ш', formsWorkingGroup: { name: 'Топ', mandate: 'М', chairId: akim.id, memberIds: [NO_ONE] } }, 'formsWorkingGroup.memberIds[0]'],
      [`/meetings/not-a-uuid/hold`, {}, 'id'],
    ];
    for (const [path, patch, field] of cases) {
      const before = await counts(t, 'meetings');
      const decisionsBefore = await counts(t, 'meeting_decisions');
      const response = path === '/meetings' ? await schedule(controller, patch) : await post(controller, path, patch);
      expect([path, field, response.status]).toEqual([path, field, 400]);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts(t, 'meetings')).toEqual(before);
      expect((await counts(t, 'meeting_decisions')).rows).toBe(decisionsBefore.rows);
    }
  });

  it('RecordDecisions_TaskToThreeRuralAkims_SpecialWorkingGroup_AndOneWithoutTasks', async () => {
    const first = await post(akim, `/meetings/${meetingId}/decisions`, {
      text: 'Әрбір елді мекенде тұрғындар мен жастарға түсіндіру жұмыстарын белсенді жүргізу',
      tasks: [
        {
          title: 'Әрбір елді мекенде түсіндіру жұмыстарын жүргізу',
          description: 'Депутаттар, учаскелік полициялар, ауыл ақсақалдары, билер және белсенді жастармен бірлесіп.',
          executorIds: ruralAkims.map((a) => a.id),
          coExecutorIds: [police.id],
          dueInWorkingDays: 5,
          priority: 'high',
        },
      ],
    });
    expect(first.status).toBe(201);
    expect(first.body.decisions).toEqual([expect.objectContaining({ number: 1, formsWorkingGroup: null })]);
    const second = await post(akim, `/meetings/${meetingId}/decisions`, {
      text: 'Арнайы жұмыс тобын құру',
      formsWorkingGroup: {
        name: 'Қоғамдық-саяси тұрақтылықты қамтамасыз ету, этносаралық қақтығыстардың алдын алу жөніндегі арнайы жұмыс тобы',
        mandate: 'Ұлтаралық түсінбеушіліктің, кикілжіңнің, қақтығыстың алдын алу; құқық қорғау органдары, медиаторлар, ардагерлер мен билерді тарту.',
        chairId: akim.id,
        secretaryId: policy.id,
        memberIds: [prosecutor.id, police.id, ethno.id],
      },
    });
    expect(second.status).toBe(201);
    const third = await post(controller, `/meetings/${meetingId}/decisions`, { text: '«Таза Қазақстан» экологиялық акциясын тұрғындарға насихаттау.' });
    expect(third.status).toBe(201);
    expect(third.body.revision).toBe(5);
    decisionIds = third.body.decisions.map((d: { id: string }) => d.id);
    expect(third.body.decisions.map((d: { number: number }) => d.number)).toEqual([1, 2, 3]);
    workingGroupId = third.body.decisions[1].formsWorkingGroup.workingGroupId;
    expect(workingGroupId).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing is issued before the protocol is approved.
    expect(await tasksOf(decisionIds[0])).toEqual([]);
  });

  it('ApproveProtocol_ByTheChair_IssuesTheTasksAndFormsTheGroupThroughTheSaga', async () => {
    const approved = await post(akim, `/meetings/${meetingId}/protocol/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'protocol_approved', protocolApprovedBy: akim.id, revision: 6 });
    await eventually(async () => (await tasksOf(decisionIds[0])).length === 3);

    const tasks = await get(controller, '/tasks?limit=200');
    const issued = (tasks.body.items as Record<string, unknown>[]).filter((task) => (task.source as { id?: string } | null)?.id === decisionIds[0]);
    expect(issued).toHaveLength(3);
    for (const task of issued) {
      expect(task).toMatchObject({
        title: 'Әрбір елді мекенде түсіндіру жұмыстарын жүргізу',
        source: { type: 'meeting_decision', id: decisionIds[0] },
        authorId: akim.id,
        controllerId: controller.id,
        coExecutorIds: [police.id],
        priority: 'high',
        status: 'assigned',
        dueAt: '2026-04-20T13:00:00.000Z',
        groupId: issued[0].groupId,
      });
    }
    expect(issued.map((task) => task.executorId).sort()).toEqual(ruralAkims.map((a) => a.id).sort());
    expect((await get(ruralAkims[1], '/tasks')).body.items).toHaveLength(1);

    const group = await get(stranger, `/working-groups/${workingGroupId}`);
    expect(group.status).toBe(200);
    expect(group.body).toMatchObject({
      status: 'active',
      basis: { type: 'meeting_decision', id: decisionIds[1] },
      chairId: akim.id,
      secretaryId: policy.id,
      formedBy: akim.id,
      tasks: { issued: 0, done: 0, overdue: 0, items: [] },
    });
    expect(group.body.members.map((m: { userId: string }) => m.userId)).toEqual([akim.id, policy.id, prosecutor.id, police.id, ethno.id]);
    expect(await tasksOf(decisionIds[2])).toEqual([]);
  });

  it('ApproveProtocol_Twice_Is409AndIssuesNothingMore', async () => {
    const before = await counts(t, 'tasks');
    const again = await post(controller, `/meetings/${meetingId}/protocol/approve`);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/\/invalid-transition$/);
    expect(again.body.detail).toContain('protocol_approved');
    const decision = await post(controller, `/meetings/${meetingId}/decisions`, { text: 'Кеш шешім' });
    expect(decision.status).toBe(409);
    await t.relay.drain();
    expect(await counts(t, 'tasks')).toEqual(before);
  });

  it('Saga_WhenTheEventIsDeliveredAgain_CreatesNoDuplicateTaskOrGroup', async () => {
    const [{ position }] = await t.dataSource.query(`SELECT position FROM journal_events WHERE stream_id = $1 AND type = 'MeetingProtocolApproved'`, [meetingId]);
    const inbox = () => t.dataSource.query(`SELECT 1 FROM consumer_inbox WHERE consumer = 'groups.protocol-issuer' AND position = $1`, [position]);
    expect(await inbox()).toHaveLength(1);
    const tasksBefore = await counts(t, 'tasks');
    const groupsBefore = await counts(t, 'working_groups');
    // As if the inbox had lost the row and the relay published the event again.
    await t.dataSource.query(`DELETE FROM consumer_inbox WHERE consumer = 'groups.protocol-issuer' AND position = $1`, [position]);
    await t.dataSource.query(`UPDATE outbox SET published_at = NULL, next_attempt_at = now() WHERE position = $1`, [position]);
    await eventually(async () => (await inbox()).length === 1);
    expect(await counts(t, 'tasks')).toEqual(tasksBefore);
    expect(await counts(t, 'working_groups')).toEqual(groupsBefore);
    expect(await tasksOf(decisionIds[0])).toHaveLength(3);
  });

  it('MeetingView_RollsUpEachDecisionsTasks_IssuedDoneOverdue', async () => {
    const [first] = await tasksOf(decisionIds[0]);
    const executor = ruralAkims.find((a) => a.id === first.executorId)!;
    expect((await post(executor, `/tasks/${first.id}/acknowledge`)).status).toBe(200);
    expect((await post(executor, `/tasks/${first.id}/reports`, { text: 'Түсіндіру жиындары 14 елді мекенде өтті.' })).status).toBe(201);
    expect((await post(controller, `/tasks/${first.id}/accept`)).status).toBe(200);
    clock.set(new Date('2026-04-21T04:00:00Z'));
    try {
      const view = await get(police, `/meetings/${meetingId}`);
      expect(view.status).toBe(200);
      expect(view.body.decisions.map((d: { rollUp: unknown }) => d.rollUp)).toEqual([
        { issued: 3, done: 1, overdue: 2, cancelled: 0 },
        { issued: 0, done: 0, overdue: 0, cancelled: 0 },
        { issued: 0, done: 0, overdue: 0, cancelled: 0 },
      ]);
    } finally {
      clock.set(new Date('2026-04-13T04:00:00Z'));
    }
  });

  it('Membership_JoinAndLeave_IsKeptAsHistory', async () => {
    clock.advance(3_600_000);
    const joined = await post(akim, `/working-groups/${workingGroupId}/members`, { userId: ruralAkims[0].id, role: 'member' });
    expect(joined.status).toBe(200);
    expect(joined.body.members.map((m: { userId: string }) => m.userId)).toContain(ruralAkims[0].id);
    const mine = await get(ruralAkims[0], `/working-groups?memberId=${ruralAkims[0].id}`);
    expect(mine.body.items.map((g: { id: string }) => g.id)).toEqual([workingGroupId]);

    clock.advance(3_600_000);
    const left = await del(controller, `/working-groups/${workingGroupId}/members/${ruralAkims[0].id}`);
    expect(left.status).toBe(200);
    expect(left.body.members.map((m: { userId: string }) => m.userId)).not.toContain(ruralAkims[0].id);
    expect((await get(ruralAkims[0], `/working-groups?memberId=${ruralAkims[0].id}`)).body.items).toEqual([]);

    const secretary = await post(controller, `/working-groups/${workingGroupId}/members`, { userId: ethno.id, role: 'secretary' });
    expect(secretary.status).toBe(200);
    expect(secretary.body.secretaryId).toBe(ethno.id);

    const view = await get(stranger, `/working-groups/${workingGroupId}`);
    expect(view.body.history.filter((m: { userId: string }) => m.userId === ruralAkims[0].id)).toEqual([
      { userId: ruralAkims[0].id, role: 'member', joinedAt: '2026-04-13T05:00:00.000Z', leftAt: '2026-04-13T06:00:00.000Z' },
    ]);
    expect(view.body.history.filter((m: { userId: string }) => m.userId === policy.id).map((m: { role: string; leftAt: string | null }) => [m.role, m.leftAt !== null])).toEqual([
      ['secretary', true],
      ['member', false],
    ]);
    expect((await del(controller, `/working-groups/${workingGroupId}/members/${stranger.id}`)).status).toBe(409);
    expect((await del(controller, `/working-groups/${workingGroupId}/members/${akim.id}`)).status).toBe(409);
  });

  it('FormWorkingGroup_ByAController_AndDenialForOthers', async () => {
    const before = await counts(t, 'working_groups');
    expect((await post(akim, '/working-groups', { name: 'Топ', mandate: 'М', chairId: akim.id })).status).toBe(403);
    expect(await counts(t, 'working_groups')).toEqual(before);
    const formed = await post(controller, '/working-groups', {
      name: 'Аудан аумағындағы этносаралық татулықты нығайту жөніндегі ақпараттық-түсіндіру тобы',
      mandate: 'Тұрғындар арасында ақпараттық-түсіндіру жұмыстары.',
      basis: { type: 'meeting', id: meetingId },
      chairId: policy.id,
      memberIds: [ethno.id, police.id],
    });
    expect(formed.status).toBe(201);
    expect(formed.headers.etag).toBe(`"${formed.body.revision}"`);
    expect(formed.body).toMatchObject({ basis: { type: 'meeting', id: meetingId }, chairId: policy.id, secretaryId: null, formedBy: controller.id });
    const list = await get(stranger, '/working-groups?status=active');
    expect(list.status).toBe(200);
    expect(list.body.items.map((g: { id: string }) => g.id).sort()).toEqual([workingGroupId, formed.body.id].sort());
  });

  it('BadInput_OnEachWorkingGroupCommand_Is400NamingTheFieldAndChangesNothing', async () => {
    const good = { name: 'Топ', mandate: 'Мандат', chairId: akim.id };
    const cases: [string, string, object, string][] = [
      ['post', '/working-groups', { ...good, name: '' }, 'name'],
      ['post', '/working-groups', { ...good, mandate: 'x'.repeat(4_001) }, 'mandate'],
      ['post', '/working-groups', { ...good, basis: { type: 'decree', id: meetingId } }, 'basis.type'],
      ['post', '/working-groups', { ...good, chairId: NO_ONE }, 'chairId'],
      ['post', '/working-groups', { ...good, memberIds: [police.id, NO_ONE] }, 'memberIds[1]'],
      ['post', '/working-groups', { ...good, secretaryId: akim.id }, 'secretaryId'],
      ['post', `/working-groups/${workingGroupId}/members`, { userId: police.id, role: 'boss' }, 'role'],
      ['post', `/working-groups/${workingGroupId}/members`, { userId: NO_ONE, role: 'member' }, 'userId'],
      ['delete', `/working-groups/${workingGroupId}/members/nobody`, {}, 'userId'],
    ];
    for (const [method, path, body, field] of cases) {
      const before = await counts(t, 'working_groups');
      const members = await counts(t, 'working_group_members');
      const response = method === 'post' ? await post(controller, path, body) : await del(controller, path);
      expect([path, field, response.status]).toEqual([path, field, 400]);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts(t, 'working_groups')).toEqual(before);
      expect((await counts(t, 'working_group_members')).rows).toBe(members.rows);
    }
    expect((await get(controller, '/working-groups?status=dissolved')).status).toBe(400);
    expect((await get(controller, `/working-groups/${NO_ONE}`)).status).toBe(404);
  });

  it('Disband_ByANonChair_Is403_ByTheChairDisbands_ThenChangesAre409', async () => {
    const before = await counts(t, 'working_groups');
    expect((await post(police, `/working-groups/${workingGroupId}/disband`)).status).toBe(403);
    expect((await post(stranger, `/working-groups/${workingGroupId}/members`, { userId: stranger.id, role: 'member' })).status).toBe(403);
    expect((await del(police, `/working-groups/${workingGroupId}/members/${ethno.id}`)).status).toBe(403);
    expect(await counts(t, 'working_groups')).toEqual(before);

    const disbanded = await post(akim, `/working-groups/${workingGroupId}/disband`);
    expect(disbanded.status).toBe(200);
    expect(disbanded.body).toMatchObject({ status: 'disbanded', disbandedAt: expect.any(String) });
    const afterDisband = await counts(t, 'working_groups');
    for (const response of [
      await post(akim, `/working-groups/${workingGroupId}/disband`),
      await post(controller, `/working-groups/${workingGroupId}/members`, { userId: stranger.id, role: 'member' }),
      await del(controller, `/working-groups/${workingGroupId}/members/${police.id}`),
    ]) {
      expect(response.status).toBe(409);
      expect(response.body.type).toMatch(/\/invalid-transition$/);
      expect(response.body.detail).toContain('disbanded');
    }
    expect(await counts(t, 'working_groups')).toEqual(afterDisband);
    expect((await get(controller, '/working-groups?status=disbanded')).body.items.map((g: { id: string }) => g.id)).toEqual([workingGroupId]);
  });
});
