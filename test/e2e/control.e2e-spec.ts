import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { FixedClock } from '@kelisim/kernel';
import { anOrganization, aUser, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * The control view over a known set of tasks. Issued on Wednesday 1 April 2026, 09:00 in Almaty;
 * read on Wednesday 8 April, 09:00 (04:00Z):
 *
 *   Zhambyl district (akims A1, A2)        Myrzakent district (akim B1)
 *   T1 due 3 Apr, accepted 2 Apr: on time   T6 due 2 Apr, open: 6 days overdue
 *   T2 due 3 Apr, accepted 6 Apr: late      T7 due 20 Apr, open: neither overdue nor due soon
 *   T3 due 5 Apr, open: 3 days overdue      T8 due 7 Apr, extended to 10 Apr: due soon, 1 extension
 *   T4 due 12 Apr, open: due soon
 *   T5 due 4 Apr, cancelled
 */
describe('control view over HTTP', () => {
  const clock = new FixedClock(new Date('2026-04-01T04:00:00Z'));
  let t: TestApp;
  let controller: TestUser;
  let a1: TestUser;
  let a2: TestUser;
  let b1: TestUser;
  let stranger: TestUser;
  let orgA: string;
  let orgB: string;
  const id: Record<string, string> = {};
  const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const post = (u: TestUser, path: string, body: object = {}) => t.http.post(`/api/v1/tasks${path}`).set(bearer(u)).send(body);
  const control = (path: string, u: TestUser = controller) => t.http.get(`/api/v1/control${path}`).set(bearer(u));
  const binary = (path: string) =>
    control(path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  async function issue(key: string, executor: TestUser, dueAt: string, title = `Task ${key}`): Promise<void> {
    const response = await post(controller, '', { title, executorId: executor.id, dueAt });
    if (response.status !== 201) throw new Error(`issue ${key}: ${response.status} ${JSON.stringify(response.body)}`);
    id[key] = response.body.id;
  }

  async function complete(key: string, executor: TestUser): Promise<void> {
    expect((await post(executor, `/${id[key]}/acknowledge`)).status).toBe(200);
    expect((await post(executor, `/${id[key]}/reports`, { text: 'Done.' })).status).toBe(201);
    expect((await post(controller, `/${id[key]}/accept`)).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const akimat = await anOrganization(t, { name: 'Мақтаарал ауданы әкімдігі', kind: 'akimat' });
    controller = await aUser(t, { roles: ['controller'], organizationId: akimat, fullName: 'Аппарат әкімі', locale: 'ru' });
    orgA = await anOrganization(t, { name: 'Жамбыл ауылдық округі', kind: 'rural_district', parentId: akimat });
    orgB = await anOrganization(t, { name: 'Мырзакент кенті', kind: 'rural_district', parentId: akimat });
    a1 = await aUser(t, { organizationId: orgA, fullName: 'Жамбыл әкімі' });
    a2 = await aUser(t, { organizationId: orgA, fullName: 'Жамбыл әкімінің орынбасары' });
    b1 = await aUser(t, { organizationId: orgB, fullName: 'Мырзакент әкімі' });
    stranger = await aUser(t);

    await issue('T1', a1, '2026-04-03T18:00:00+05:00');
    await issue('T2', a2, '2026-04-03T18:00:00+05:00');
    await issue('T3', a1, '2026-04-05T18:00:00+05:00');
    await issue('T4', a2, '2026-04-12T18:00:00+05:00');
    await issue('T5', a1, '2026-04-04T18:00:00+05:00');
    await issue('T6', b1, '2026-04-02T18:00:00+05:00', 'Отчёт "Жол картасы", II кезең');
    await issue('T7', b1, '2026-04-20T18:00:00+05:00');
    await issue('T8', b1, '2026-04-07T18:00:00+05:00');

    clock.set(new Date('2026-04-02T04:00:00Z'));
    await complete('T1', a1);
    expect((await post(controller, `/${id.T5}/cancel`, { reason: 'Қажет емес.' })).status).toBe(200);
    const requested = await post(b1, `/${id.T8}/extension-requests`, { proposedDueAt: '2026-04-10T18:00:00+05:00', reason: 'Су тасқыны.' });
    expect(requested.status).toBe(201);
    const approved = await post(controller, `/${id.T8}/extension-requests/${requested.body.extensionRequests[0].id}/approve`, {});
    expect(approved.status).toBe(200);

    clock.set(new Date('2026-04-06T04:00:00Z'));
    await complete('T2', a2);
    clock.set(new Date('2026-04-08T04:00:00Z'));
  }, 180_000);
  afterAll(() => t.close());

  const lineA = () => ({ organizationId: orgA, organizationName: 'Жамбыл ауылдық округі' });
  const lineB = () => ({ organizationId: orgB, organizationName: 'Мырзакент кенті' });

  it('Summary_OfAllTasks_CountsEachOrganizationOfTheExecutors', async () => {
    const response = await control('/summary');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      from: null,
      to: null,
      organizationId: null,
      generatedAt: '2026-04-08T04:00:00.000Z',
      items: [
        { ...lineA(), total: 4, done: 2, doneOnTime: 1, overdue: 1, dueSoon: 1, cancelled: 1, extensions: 0, dueByNow: 3, discipline: 33.3 },
        { ...lineB(), total: 3, done: 0, doneOnTime: 0, overdue: 1, dueSoon: 1, cancelled: 0, extensions: 1, dueByNow: 1, discipline: 0 },
      ],
      totals: { total: 7, done: 2, doneOnTime: 1, overdue: 2, dueSoon: 2, cancelled: 1, extensions: 1, dueByNow: 4, discipline: 25 },
    });
  });

  it('Summary_OfAPeriodOfDates_CountsTasksDueOnThoseDaysInAlmaty', async () => {
    const response = await control('/summary?from=2026-04-01&to=2026-04-05');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: '2026-03-31T19:00:00.000Z', to: '2026-04-05T19:00:00.000Z' });
    expect(response.body.items).toEqual([
      { ...lineA(), total: 3, done: 2, doneOnTime: 1, overdue: 1, dueSoon: 0, cancelled: 1, extensions: 0, dueByNow: 3, discipline: 33.3 },
      // T8's deadline moved to 10 April: it left the period.
      { ...lineB(), total: 1, done: 0, doneOnTime: 0, overdue: 1, dueSoon: 0, cancelled: 0, extensions: 0, dueByNow: 1, discipline: 0 },
    ]);
  });

  it('Summary_OfOneOrganizationAndInstants_HasOnlyItsLine', async () => {
    const response = await control(`/summary?organizationId=${orgB}&from=2026-04-07T00:00:00%2B05:00&to=2026-05-01T00:00:00Z`);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { ...lineB(), total: 2, done: 0, doneOnTime: 0, overdue: 0, dueSoon: 1, cancelled: 0, extensions: 1, dueByNow: 0, discipline: null },
    ]);
    expect(response.body.totals.discipline).toBeNull();
  });

  it('Overdue_ByDefault_ListsTheMostOverdueFirstWithNames', async () => {
    const response = await control('/overdue');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          id: id.T6,
          title: 'Отчёт "Жол картасы", II кезең',
          executorId: b1.id,
          executorName: 'Мырзакент әкімі',
          organizationId: orgB,
          organizationName: 'Мырзакент кенті',
          dueAt: '2026-04-02T13:00:00.000Z',
          daysOverdue: 6,
          priority: 'normal',
          extensionCount: 0,
        },
        {
          id: id.T3,
          title: 'Task T3',
          executorId: a1.id,
          executorName: 'Жамбыл әкімі',
          organizationId: orgA,
          organizationName: 'Жамбыл ауылдық округі',
          dueAt: '2026-04-05T13:00:00.000Z',
          daysOverdue: 3,
          priority: 'normal',
          extensionCount: 0,
        },
      ],
      nextCursor: null,
    });
  });

  it('Overdue_SortedByDueAtDescendingAndPaged_WalksEveryTaskOnce', async () => {
    const first = await control('/overdue?sort=dueAt&order=desc&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([id.T3]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await control(`/overdue?sort=dueAt&order=desc&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([id.T6]);
    expect(second.body.nextCursor).toBeNull();
    const ascending = await control('/overdue?sort=daysOverdue&order=asc');
    expect(ascending.body.items.map((i: { daysOverdue: number }) => i.daysOverdue)).toEqual([3, 6]);
    const ofA = await control(`/overdue?organizationId=${orgA}`);
    expect(ofA.body.items.map((i: { id: string }) => i.id)).toEqual([id.T3]);
  });

  it('Export_Xlsx_HasTheSummaryAndOverdueSheetsInTheCallersLocale', async () => {
    const response = await binary('/export?format=xlsx');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="kelisim-control-2026-04-08.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(response.body as Buffer).buffer as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Сводка', 'Просроченные']);
    const values = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(values(book.worksheets[0])).toEqual([
      ['Организация', 'Всего', 'Исполнено', 'Исполнено в срок', 'Просрочено', 'Срок в ближайшие 7 дней', 'Отменено', 'Продления срока', 'Исполнительская дисциплина, %'],
      ['Жамбыл ауылдық округі', 4, 2, 1, 1, 1, 1, 0, 33.3],
      ['Мырзакент кенті', 3, 0, 0, 1, 1, 0, 1, 0],
      ['Итого', 7, 2, 1, 2, 2, 1, 1, 25],
    ]);
    expect(values(book.worksheets[1])).toEqual([
      ['ID поручения', 'Поручение', 'Исполнитель', 'Организация', 'Срок', 'Дней просрочки'],
      [id.T6, 'Отчёт "Жол картасы", II кезең', 'Мырзакент әкімі', 'Мырзакент кенті', '2026-04-02 18:00 +05:00', 6],
      [id.T3, 'Task T3', 'Жамбыл әкімі', 'Жамбыл ауылдық округі', '2026-04-05 18:00 +05:00', 3],
    ]);
  });

  it('Export_Csv_IsUtf8WithABomAndParsesIntoBothSections', async () => {
    const response = await binary(`/export?format=csv&lang=en&organizationId=${orgB}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="kelisim-control-2026-04-08.csv"');
    const body = response.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [summary, overdue] = body.toString('utf8').slice(1).trimEnd().split('\r\n\r\n').map(parseCsv);
    expect(summary).toEqual([
      ['Summary'],
      ['Organization', 'Total', 'Done', 'Done on time', 'Overdue', 'Due within 7 days', 'Cancelled', 'Extensions', 'Discipline, %'],
      ['Мырзакент кенті', '3', '0', '0', '1', '1', '0', '1', '0'],
      ['All organizations', '3', '0', '0', '1', '1', '0', '1', '0'],
    ]);
    expect(overdue).toEqual([
      ['Overdue'],
      ['Task ID', 'Task', 'Executor', 'Organization', 'Due at', 'Days overdue'],
      [id.T6, 'Отчёт "Жол картасы", II кезең', 'Мырзакент әкімі', 'Мырзакент кенті', '2026-04-02 18:00 +05:00', '6'],
    ]);
  });

  it('Summary_RightAfterACommand_ShowsItsEffect', async () => {
    const before = (await control(`/summary?organizationId=${orgB}`)).body.items[0];
    expect((await post(controller, `/${id.T7}/cancel`, { reason: 'Дубликат.' })).status).toBe(200);
    const after = (await control(`/summary?organizationId=${orgB}`)).body.items[0];
    expect(after).toMatchObject({ total: before.total - 1, cancelled: before.cancelled + 1 });
  });

  it('Denial_NonControllerIs403_AnonymousIs401', async () => {
    for (const path of ['/summary', '/overdue', '/export?format=csv']) {
      expect((await control(path, stranger)).status).toBe(403);
      expect((await control(path, a1)).status).toBe(403);
      const anonymous = await t.http.get(`/api/v1/control${path}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it.each([
    ['/summary?from=2026-13-45', 'from'],
    ['/summary?from=yesterday', 'from'],
    ['/summary?to=2026-02-30', 'to'],
    ['/summary?from=2026-04-10&to=2026-04-01', 'to'],
    ['/summary?organizationId=not-a-uuid', 'organizationId'],
    ['/summary?colour=red', 'colour'],
    ['/overdue?sort=title', 'sort'],
    ['/overdue?order=up', 'order'],
    ['/overdue?limit=0', 'limit'],
    ['/overdue?cursor=garbage', 'cursor'],
    ['/export?format=pdf', 'format'],
    ['/export', 'format'],
    ['/export?format=csv&lang=de', 'lang'],
    ['/export?format=xlsx&from=2026-05-01&to=2026-04-01', 'to'],
  ])('BadInput_%s_Is400Naming_%s', async (path, field) => {
    const response = await control(path);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  row.push(field);
  rows.push(row);
  return rows;
}
