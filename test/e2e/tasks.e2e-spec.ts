import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '@kelisim/kernel';
import { anOrganization, aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * The Maktaaral slice of seed/README.md over HTTP: the akim's office issues one task to three
 * rural-district akims; one reports, is returned, reports again and is accepted; another gets an
 * extension; the third runs late. Time is frozen: Monday 13 April 2026, 09:00 in Almaty.
 */
describe('tasks over HTTP', () => {
  const clock = new FixedClock(new Date('2026-04-13T04:00:00Z'));
  let t: TestApp;
  let controller: TestUser;
  let akims: TestUser[];
  let stranger: TestUser;
  let groupId: string;
  let taskOf: Record<string, string>;
  const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: TestUser, path: string, body: object = {}) => t.http.post(`/api/v1/tasks${path}`).set(bearer(u)).send(body);
  const get = (u: TestUser, path: string) => t.http.get(`/api/v1/tasks${path}`).set(bearer(u));

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const akimat = await anOrganization(t, { name: 'Мақтаарал ауданы әкімдігі', kind: 'akimat' });
    controller = await aUser(t, { roles: ['controller'], organizationId: akimat, fullName: 'Аппарат әкімі' });
    akims = [];
    for (const name of ['Жамбыл', 'Мырзакент', 'Жетісай']) {
      const district = await anOrganization(t, { name: `${name} ауылдық округі`, kind: 'rural_district', parentId: akimat });
      akims.push(await aUser(t, { organizationId: district, fullName: `${name} әкімі` }));
    }
    stranger = await aUser(t);
  }, 180_000);
  afterAll(() => t.close());

  it('Issue_ToThreeRuralAkimsInFiveWorkingDays_CreatesOneInstanceEachSharingAGroup', async () => {
    const before = await counts(t, 'tasks');
    const response = await post(controller, '', {
      title: 'Ауылдық округтерде түсіндіру жұмыстарын жүргізу',
      description: 'Meetings with residents in every settlement.',
      executorIds: akims.map((a) => a.id),
      dueInWorkingDays: 5,
      priority: 'high',
      source: { type: 'memorandum', id: '5f0c6a2e-8a4b-4c1d-9e2f-3a4b5c6d7e8f' },
    });
    expect(response.status).toBe(201);
    groupId = response.body.groupId;
    expect(groupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.items).toHaveLength(3);
    for (const [i, item] of (response.body.items as Record<string, unknown>[]).entries()) {
      expect(item).toMatchObject({
        status: 'assigned',
        executorId: akims[i].id,
        executorOrganizationId: akims[i].organizationId,
        controllerId: controller.id,
        authorId: controller.id,
        groupId,
        priority: 'high',
        // Monday 20 April 2026, 18:00 in Almaty.
        dueAt: '2026-04-20T13:00:00.000Z',
        originalDueAt: '2026-04-20T13:00:00.000Z',
        overdue: false,
        doneOnTime: null,
        coExecutorIds: [],
        extensionCount: 0,
        source: { type: 'memorandum', id: '5f0c6a2e-8a4b-4c1d-9e2f-3a4b5c6d7e8f' },
        revision: 1,
      });
    }
    taskOf = Object.fromEntries(response.body.items.map((item: { id: string; executorId: string }) => [item.executorId, item.id]));
    // Each instance: TaskAssigned, and DeadlineScheduled from the deadline engine in the same transaction.
    expect(await counts(t, 'tasks')).toEqual({ rows: before.rows! + 3, events: before.events + 6, outbox: before.outbox + 6 });
  });

  it('Issue_ToOneExecutorWithDueAt_AnswersTheTaskWithItsETag', async () => {
    const response = await post(controller, '', { title: 'Single', executorId: stranger.id, dueAt: '2026-05-04T18:00:00+05:00' });
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body).toMatchObject({ executorId: stranger.id, groupId: null, dueAt: '2026-05-04T13:00:00.000Z', priority: 'normal' });
    const cancelled = await post(controller, `/${response.body.id}/cancel`, { reason: 'Issued by mistake' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', revision: 2 });
  });

  it('Story_AcknowledgeReportReturnReportAccept_EndsDoneOnTimeWithItsHistory', async () => {
    const [akim] = akims;
    const id = taskOf[akim.id];
    const acknowledged = await post(akim, `/${id}/acknowledge`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.headers.etag).toBe('"2"');
    expect(acknowledged.body.status).toBe('in_progress');

    const report = await post(akim, `/${id}/reports`, { text: 'Жиындар 12 елді мекенде өтті.' });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ status: 'report_submitted', reports: [{ text: 'Жиындар 12 елді мекенде өтті.', decision: null }] });

    const returned = await post(controller, `/${id}/return`, { reason: 'Қатысушылар тізімін қоса беріңіз.' });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('in_progress');

    clock.advance(3_600_000);
    expect((await post(akim, `/${id}/reports`, { text: 'Тізімдер қоса берілді.' })).status).toBe(201);
    const accepted = await post(controller, `/${id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'done', doneOnTime: true, overdue: false, acceptedAt: '2026-04-13T05:00:00.000Z' });

    const detail = await get(akim, `/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.headers.etag).toBe(`"${accepted.body.revision}"`);
    expect(detail.body.reports).toEqual([
      expect.objectContaining({ text: 'Жиындар 12 елді мекенде өтті.', decision: 'returned', decisionReason: 'Қатысушылар тізімін қоса беріңіз.' }),
      expect.objectContaining({ text: 'Тізімдер қоса берілді.', decision: 'accepted', submittedBy: akim.id }),
    ]);
    expect(detail.body.history.map((h: { type: string }) => h.type)).toEqual([
      'TaskAssigned',
      'TaskAcknowledged',
      'TaskReportSubmitted',
      'TaskReportReturned',
      'TaskReportSubmitted',
      'TaskCompleted',
    ]);
    expect(detail.body.history[3]).toMatchObject({ actorId: controller.id, payload: { reason: 'Қатысушылар тізімін қоса беріңіз.' } });
  });

  it('Extension_RequestedByTheExecutorAndApproved_MovesDueAtAndKeepsTheOriginal', async () => {
    const akim = akims[1];
    const id = taskOf[akim.id];
    expect((await post(akim, `/${id}/acknowledge`)).status).toBe(200);
    const requested = await post(akim, `/${id}/extension-requests`, { proposedDueAt: '2026-04-24T18:00:00+05:00', reason: 'Жол су басқан.' });
    expect(requested.status).toBe(201);
    const [request] = requested.body.extensionRequests;
    expect(request).toMatchObject({ status: 'pending', proposedDueAt: '2026-04-24T13:00:00.000Z', previousDueAt: '2026-04-20T13:00:00.000Z' });

    const again = await post(akim, `/${id}/extension-requests`, { proposedDueAt: '2026-04-25T18:00:00+05:00', reason: 'Again' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TASK.EXTENSION_PENDING');

    const approved = await post(controller, `/${id}/extension-requests/${request.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      dueAt: '2026-04-24T13:00:00.000Z',
      originalDueAt: '2026-04-20T13:00:00.000Z',
      extensionCount: 1,
      extensionRequests: [{ id: request.id, status: 'approved', decidedBy: controller.id }],
    });
    const history = (await get(controller, `/${id}`)).body.history.map((h: { type: string }) => h.type);
    expect(history.slice(-2)).toEqual(['TaskExtensionApproved', 'TaskDeadlineChanged']);

    const decidedAgain = await post(controller, `/${id}/extension-requests/${request.id}/reject`, { reason: 'No' });
    expect(decidedAgain.status).toBe(409);
    expect(decidedAgain.body.type).toMatch(/\/invalid-transition$/);
  });

  it('List_FiltersByGroupStatusExecutorAndOrganization_AndPagesByCursor', async () => {
    const list = async (query: string, as: TestUser = controller) => {
      const response = await get(as, `?${query}`);
      expect(response.status).toBe(200);
      return response.body as { items: { id: string; executorId: string }[]; nextCursor: string | null };
    };
    expect((await list(`groupId=${groupId}`)).items).toHaveLength(3);
    expect((await list(`groupId=${groupId}&status=done`)).items.map((i) => i.executorId)).toEqual([akims[0].id]);
    expect((await list(`executorId=${akims[2].id}`)).items.map((i) => i.id)).toEqual([taskOf[akims[2].id]]);
    expect((await list(`organizationId=${akims[1].organizationId}`)).items.map((i) => i.id)).toEqual([taskOf[akims[1].id]]);
    expect((await list(`groupId=${groupId}&dueBefore=2026-04-21T00:00:00Z`)).items).toHaveLength(2);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`groupId=${groupId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set(Object.values(taskOf)));

    // An executor sees only their own.
    expect((await list(`groupId=${groupId}`, akims[2])).items.map((i) => i.id)).toEqual([taskOf[akims[2].id]]);
    expect((await list('', stranger)).items.every((i) => i.executorId === stranger.id)).toBe(true);
  });

  it('List_OverdueAfterTheDeadline_ShowsOnlyOpenTasksPastTheirDueAt', async () => {
    clock.set(new Date('2026-04-21T04:00:00Z'));
    try {
      const overdue = await get(controller, `?groupId=${groupId}&overdue=true`);
      expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([taskOf[akims[2].id]]);
      expect(overdue.body.items[0].overdue).toBe(true);
      const onTrack = await get(controller, `?groupId=${groupId}&overdue=false`);
      expect(onTrack.body.items.map((i: { id: string }) => i.id).sort()).toEqual([taskOf[akims[0].id], taskOf[akims[1].id]].sort());
      expect((await get(akims[2], `/${taskOf[akims[2].id]}`)).body.overdue).toBe(true);
    } finally {
      clock.set(new Date('2026-04-13T06:00:00Z'));
    }
  });

  it('Denial_WrongRoleOrNotTheExecutor_Is403_AndAStrangerGets404', async () => {
    const id = taskOf[akims[2].id];
    const executorAccepts = await post(akims[2], `/${id}/accept`);
    expect(executorAccepts.status).toBe(403);
    expect(executorAccepts.body.code).toBe('TASK.CONTROLLER_REQUIRED');
    expect((await post(akims[2], '', { title: 'Mine', executorId: akims[2].id, dueInWorkingDays: 1 })).status).toBe(403);
    const controllerAcknowledges = await post(controller, `/${id}/acknowledge`);
    expect(controllerAcknowledges.status).toBe(403);
    expect(controllerAcknowledges.body.code).toBe('TASK.NOT_EXECUTOR');
    // Another executor of the same group may not touch, nor see, this instance.
    expect((await get(akims[0], `/${id}`)).status).toBe(404);
    for (const [path, body] of [
      ['/acknowledge', {}],
      ['/accept', {}],
      ['/reports', { text: 'x' }],
      ['/cancel', { reason: 'x' }],
      ['/extension-requests', { proposedDueAt: '2026-05-01T18:00:00+05:00', reason: 'x' }],
    ] as const) {
      const response = await post(stranger, `/${id}${path}`, body);
      expect([path, response.status]).toEqual([path, 404]);
    }
    const missing = await get(stranger, `/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.type).toMatch(/\/not-found$/);
    expect((await get(controller, '/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('Transitions_NotAllowedFromTheCurrentStatus_Are409NamingBothStatuses', async () => {
    const done = taskOf[akims[0].id];
    const assigned = taskOf[akims[2].id];
    const cases: [TestUser, string, object, string, string][] = [
      [akims[0], `/${done}/acknowledge`, {}, 'done', 'in_progress'],
      [akims[0], `/${done}/reports`, { text: 'more' }, 'done', 'report_submitted'],
      [controller, `/${done}/accept`, {}, 'done', 'done'],
      [controller, `/${done}/cancel`, { reason: 'x' }, 'done', 'cancelled'],
      [controller, `/${done}/reassign`, { executorId: akims[1].id }, 'done', 'assigned'],
      [akims[0], `/${done}/extension-requests`, { proposedDueAt: '2026-06-01T18:00:00+05:00', reason: 'x' }, 'done', 'done'],
      [controller, `/${assigned}/accept`, {}, 'assigned', 'done'],
      [controller, `/${assigned}/return`, { reason: 'x' }, 'assigned', 'in_progress'],
      [akims[2], `/${assigned}/reports`, { text: 'x' }, 'assigned', 'report_submitted'],
    ];
    for (const [who, path, body, from, to] of cases) {
      const before = await counts(t, 'tasks');
      const response = await post(who, path, body);
      expect([path, response.status, response.body.type]).toEqual([path, 409, expect.stringMatching(/\/invalid-transition$/)]);
      expect(response.body.detail).toContain(from);
      expect(response.body.detail).toContain(to);
      expect(await counts(t, 'tasks')).toEqual(before);
    }
    // Details come in the user's own language.
    expect((await post(controller, `/${done}/cancel`, { reason: 'x' })).body.detail).toMatch(/«done» күйіндегі.*«cancelled»/);
    const russianController = await aUser(t, { roles: ['controller'], locale: 'ru' });
    expect((await post(russianController, `/${done}/cancel`, { reason: 'x' })).body.detail).toMatch(/недопустимо.*«done».*«cancelled»/);
  });

  it('BadInput_OnEachCommand_Is400NamingTheFieldAndChangesNothing', async () => {
    const id = taskOf[akims[2].id];
    const good = { title: 'T', executorId: akims[2].id, dueInWorkingDays: 3 };
    const cases: [TestUser, string, unknown, string][] = [
      [controller, '', { ...good, colour: 'red' }, 'colour'],
      [controller, '', { ...good, title: '' }, 'title'],
      [controller, '', { ...good, title: 'x'.repeat(501) }, 'title'],
      [controller, '', { ...good, description: 'x'.repeat(50_001) }, 'description'],
      [controller, '', { title: 'T', executorId: akims[2].id, dueAt: '2026-13-01T18:00:00+05:00' }, 'dueAt'],
      [controller, '', { title: 'T', executorId: akims[2].id, dueAt: '2026-05-01' }, 'dueAt'],
      [controller, '', { title: 'T', executorId: akims[2].id, dueAt: '2026-04-01T18:00:00+05:00' }, 'dueAt'],
      [controller, '', { title: 'T', executorId: akims[2].id }, 'dueAt'],
      [controller, '', { ...good, dueInWorkingDays: 366 }, 'dueInWorkingDays'],
      [controller, '', { ...good, executorId: 'not-a-uuid' }, 'executorId'],
      [controller, '', { ...good, executorId: '00000000-0000-4000-8000-000000000000' }, 'executorId'],
      [controller, '', { title: 'T', executorIds: [akims[0].id, '00000000-0000-4000-8000-000000000000'], dueInWorkingDays: 3 }, 'executorIds[1]'],
      [controller, '', { title: 'T', executorIds: [], dueInWorkingDays: 3 }, 'executorIds'],
      [controller, '', { title: 'T', executorIds: Array.from({ length: 1001 }, () => randomUUID()), dueInWorkingDays: 3 }, 'executorIds'],
      [controller, '', { title: 'T', executorIds: [akims[0].id, akims[0].id], dueInWorkingDays: 3 }, 'executorIds'],
      [controller, '', { ...good, controllerId: akims[0].id }, 'controllerId'],
      [controller, '', { ...good, priority: 'asap' }, 'priority'],
      [controller, '', { ...good, source: { type: 'rumour', id: akims[0].id } }, 'source.type'],
      [akims[2], `/${id}/reports`, { text: 'x'.repeat(50_001) }, 'text'],
      [akims[2], `/${id}/reports`, { text: 'ok', extra: 1 }, 'extra'],
      [controller, `/${id}/return`, { reason: '' }, 'reason'],
      [controller, `/${id}/cancel`, { reason: 'x'.repeat(4_001) }, 'reason'],
      [controller, `/${id}/reassign`, { executorId: 'nope' }, 'executorId'],
      [controller, `/${id}/reassign`, { executorId: '00000000-0000-4000-8000-000000000000' }, 'executorId'],
      [controller, `/${id}/reassign`, { executorId: akims[2].id }, 'executorId'],
      [akims[2], `/${id}/extension-requests`, { proposedDueAt: 'next week', reason: 'x' }, 'proposedDueAt'],
      [akims[2], `/${id}/extension-requests`, { proposedDueAt: '2026-04-19T18:00:00+05:00', reason: 'x' }, 'proposedDueAt'],
      [controller, `/${id}/extension-requests/not-a-uuid/approve`, {}, 'rid'],
      [controller, '/not-a-uuid/accept', {}, 'id'],
    ];
    for (const [who, path, body, field] of cases) {
      const before = await counts(t, 'tasks');
      const response = await t.http.post(`/api/v1/tasks${path}`).set(bearer(who)).send(body as object);
      expect([path, field, response.status]).toEqual([path, field, 400]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts(t, 'tasks')).toEqual(before);
    }
    expect((await get(controller, '?cursor=bm9wZQ')).status).toBe(400);
    expect((await get(controller, '?overdue=maybe')).status).toBe(400);
  });

  it('IfMatch_Stale_Is412AndCurrent_Succeeds', async () => {
    const akim = akims[2];
    const id = taskOf[akim.id];
    const current = await get(akim, `/${id}`);
    const stale = await t.http.post(`/api/v1/tasks/${id}/acknowledge`).set(bearer(akim)).set('If-Match', '"0"');
    expect(stale.status).toBe(412);
    expect(stale.body.type).toMatch(/\/stale-revision$/);
    const fresh = await t.http.post(`/api/v1/tasks/${id}/acknowledge`).set(bearer(akim)).set('If-Match', current.headers.etag);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.etag).toBe(`"${current.body.revision + 1}"`);
  });

  it('Extension_Rejected_KeepsTheDeadline_AndUnknownRequestIs404', async () => {
    const akim = akims[1];
    const id = taskOf[akim.id];
    const requested = await post(akim, `/${id}/extension-requests`, { proposedDueAt: '2026-04-30T18:00:00+05:00', reason: 'Once more' });
    expect(requested.status).toBe(201);
    const request = requested.body.extensionRequests.at(-1);
    expect((await post(stranger, `/${id}/extension-requests/${request.id}/reject`, { reason: 'No' })).status).toBe(404);
    expect((await post(akim, `/${id}/extension-requests/${request.id}/reject`, { reason: 'No' })).status).toBe(403);
    const unknown = await post(controller, `/${id}/extension-requests/${randomUUID()}/approve`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('EXTENSION_REQUEST.NOT_FOUND');
    const rejected = await post(controller, `/${id}/extension-requests/${request.id}/reject`, { reason: 'Срок установлен решением акима.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ dueAt: '2026-04-24T13:00:00.000Z', extensionCount: 1 });
    expect(rejected.body.extensionRequests.at(-1)).toMatchObject({ status: 'rejected', decisionReason: 'Срок установлен решением акима.' });
  });

  it('Reassign_ToAnotherAkim_MovesTheTaskAndItsVisibility', async () => {
    const id = taskOf[akims[2].id];
    const reassigned = await post(controller, `/${id}/reassign`, { executorId: akims[0].id });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body).toMatchObject({ status: 'assigned', executorId: akims[0].id, executorOrganizationId: akims[0].organizationId });
    expect((await get(akims[2], `/${id}`)).status).toBe(404);
    expect((await post(akims[0], `/${id}/acknowledge`)).status).toBe(200);
  });

  it('ConcurrentAcknowledges_OneWins_TheOtherIs409_AndOneEventIsJournaled', async () => {
    const issued = await post(controller, '', { title: 'Race', executorId: akims[1].id, dueInWorkingDays: 2 });
    expect(issued.status).toBe(201);
    const id = issued.body.id;
    const statuses = (await Promise.all([post(akims[1], `/${id}/acknowledge`), post(akims[1], `/${id}/acknowledge`)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409]);
    const detail = await get(akims[1], `/${id}`);
    expect(detail.body.history.filter((h: { type: string }) => h.type === 'TaskAcknowledged')).toHaveLength(1);
  });
});
