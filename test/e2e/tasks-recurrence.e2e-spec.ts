import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '@kelisim/kernel';
import { anOrganization, aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * Recurring tasks over HTTP: monthly explanatory work in every settlement, issued ahead of time.
 * Time is frozen: Monday 13 April 2026, 09:00 in Almaty.
 */
describe('recurring tasks over HTTP', () => {
  const clock = new FixedClock(new Date('2026-04-13T04:00:00Z'));
  let t: TestApp;
  let controller: TestUser;
  let akims: TestUser[];
  let moscow: TestUser;
  const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const issue = (body: object) => t.http.post('/api/v1/tasks').set(bearer(controller)).send(body);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const akimat = await anOrganization(t, { name: 'Мақтаарал ауданы әкімдігі', kind: 'akimat' });
    controller = await aUser(t, { roles: ['controller'], organizationId: akimat });
    akims = [];
    for (const name of ['Жамбыл', 'Мырзакент', 'Жетісай']) {
      const district = await anOrganization(t, { name: `${name} ауылдық округі`, kind: 'rural_district', parentId: akimat });
      akims.push(await aUser(t, { organizationId: district, fullName: `${name} әкімі` }));
    }
    moscow = await aUser(t, { organizationId: await anOrganization(t, { timezone: 'Europe/Moscow' }) });
  }, 180_000);
  afterAll(() => t.close());

  it('Issue_MonthlyToThreeSettlements_CreatesNineInstancesWithTheirOwnDeadlines', async () => {
    const before = await counts(t, 'tasks');
    const response = await issue({
      title: 'Елді мекендерде түсіндіру жұмыстарын жүргізу',
      executorIds: akims.map((a) => a.id),
      recurrence: { rrule: 'FREQ=MONTHLY;BYMONTHDAY=25;COUNT=3' },
    });
    expect(response.status).toBe(201);
    const { recurrenceId, occurrences, items } = response.body as {
      recurrenceId: string;
      occurrences: { dueAt: string; groupId: string }[];
      items: { id: string; executorId: string; dueAt: string; groupId: string; recurrenceId: string; status: string }[];
    };
    expect(recurrenceId).toMatch(/^[0-9a-f-]{36}$/);
    // 25 April, 25 May, 25 June at 18:00 in Almaty.
    const deadlines = ['2026-04-25T13:00:00.000Z', '2026-05-25T13:00:00.000Z', '2026-06-25T13:00:00.000Z'];
    expect(occurrences.map((o) => o.dueAt)).toEqual(deadlines);
    expect(new Set(occurrences.map((o) => o.groupId)).size).toBe(3);
    expect(items).toHaveLength(9);
    expect(items.map((i) => [i.dueAt, i.executorId, i.groupId])).toEqual(
      occurrences.flatMap((o) => akims.map((a) => [o.dueAt, a.id, o.groupId])),
    );
    for (const item of items) expect(item).toMatchObject({ recurrenceId, status: 'assigned', originalDueAt: item.dueAt });
    expect((await counts(t, 'tasks')).rows).toBe(before.rows! + 9);
    const [{ assigned }] = await t.dataSource.query(
      `SELECT count(*)::int AS assigned FROM journal_events WHERE type = 'TaskAssigned' AND payload->>'recurrenceId' = $1`,
      [recurrenceId],
    );
    expect(assigned).toBe(9);

    const listed = await t.http.get(`/api/v1/tasks?recurrenceId=${recurrenceId}&limit=50`).set(bearer(controller));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(9);
    const mine = await t.http.get('/api/v1/tasks').set(bearer(akims[1]));
    expect(mine.body.items.map((i: { dueAt: string }) => i.dueAt)).toEqual(deadlines);
    const group = await t.http.get(`/api/v1/tasks?groupId=${occurrences[1].groupId}`).set(bearer(controller));
    expect(group.body.items.map((i: { executorId: string }) => i.executorId).sort()).toEqual(akims.map((a) => a.id).sort());
  });

  it('Issue_WeeklyToOneExecutorInAnotherZone_PutsDeadlinesAtItsLocalDueTime', async () => {
    const response = await issue({
      title: 'Апталық есеп',
      executorId: moscow.id,
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20260423', dueTime: '10:00' },
    });
    expect(response.status).toBe(201);
    // Monday 13 April 10:00 in Moscow (07:00Z) is still ahead of 04:00Z: it is the first.
    expect(response.body.items.map((i: { dueAt: string }) => i.dueAt)).toEqual([
      '2026-04-13T07:00:00.000Z',
      '2026-04-16T07:00:00.000Z',
      '2026-04-20T07:00:00.000Z',
      '2026-04-23T07:00:00.000Z',
    ]);
    expect(response.body.occurrences.every((o: { groupId: string | null }) => o.groupId === null)).toBe(true);
    const detail = await t.http.get(`/api/v1/tasks/${response.body.items[0].id}`).set(bearer(moscow));
    expect(detail.body).toMatchObject({ recurrenceId: response.body.recurrenceId, groupId: null });
    expect(detail.body.history[0].payload).toMatchObject({ recurrenceId: response.body.recurrenceId });
  });

  it.each([
    [{ rrule: 'FREQ=DAILY;COUNT=3' }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=25' }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=MONTHLY;COUNT=61' }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=FR;COUNT=3' }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270101' }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=MONTHLY;UNTIL=20250101' }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=40;COUNT=2' }, 'recurrence.rrule'],
    [{ rrule: 42 }, 'recurrence.rrule'],
    [{ rrule: 'FREQ=MONTHLY;COUNT=2', dueTime: '6pm' }, 'recurrence.dueTime'],
    [{ rrule: 'FREQ=MONTHLY;COUNT=2', every: 'month' }, 'recurrence.every'],
    ['FREQ=MONTHLY;COUNT=2', 'recurrence'],
  ])('BadRule_%j_Is400Naming_%s_AndChangesNothing', async (recurrence, field) => {
    const before = await counts(t, 'tasks');
    const response = await issue({ title: 'Bad', executorIds: akims.map((a) => a.id), recurrence });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await counts(t, 'tasks')).toEqual(before);
  });

  it('BadRule_WithADueDateToo_Is400NamingRecurrence', async () => {
    const before = await counts(t, 'tasks');
    const response = await issue({
      title: 'Both',
      executorId: akims[0].id,
      dueAt: '2026-05-01T18:00:00+05:00',
      recurrence: { rrule: 'FREQ=MONTHLY;COUNT=2' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['recurrence']);
    expect(await counts(t, 'tasks')).toEqual(before);
  });

  it('NeverMatchingRule_TwentyAtOnce_EachIs400InTheReadersLanguage_AndChangesNothing', async () => {
    const englishController = await aUser(t, { roles: ['controller'], locale: 'en' });
    const before = await counts(t, 'tasks');
    const rrule = 'FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=1;COUNT=1';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => issue({ title: `Never ${i}`, executorIds: akims.map((a) => a.id), recurrence: { rrule } })),
    );
    for (const response of answers) {
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ code: 'TASK.RECURRENCE_NO_OCCURRENCE', errors: [expect.objectContaining({ field: 'recurrence.rrule' })] });
      // The controller reads Kazakh: the detail names the field and the five-year window.
      expect(response.body.detail).toBe('recurrence.rrule: ереже бүгіннен бастап 5 жыл ішінде бірде-бір күнге сәйкес келмейді.');
    }
    const english = await t.http
      .post('/api/v1/tasks')
      .set(bearer(englishController))
      .send({ title: 'Far', executorId: akims[0].id, recurrence: { rrule: 'FREQ=MONTHLY;INTERVAL=12;COUNT=6' } });
    expect(english.status).toBe(400);
    expect(english.body.detail).toBe('recurrence.rrule: every occurrence must fall within 5 years from today (bring UNTIL closer or lower COUNT).');
    expect(await counts(t, 'tasks')).toEqual(before);
  });
});
