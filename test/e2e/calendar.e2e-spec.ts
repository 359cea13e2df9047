import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkingCalendarProvider } from '@kelisim/deadlines';
import { aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const ALMATY = 'Asia/Almaty';

describe('working-day calendar over HTTP', () => {
  let t: TestApp;
  let plain: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    plain = await aUser(t, { locale: 'ru' });
  });
  afterAll(() => t.close());

  it('Get2026_AsAnyUser_ShowsCarryOversNo30AugAnd247WorkingDaysWithEstimatesMarked', async () => {
    const response = await t.http.get('/api/v1/calendar/2026').set(bearer(plain.token));
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    const body = response.body;
    expect(body).toMatchObject({ year: 2026, workdays: [], workingDays: 247, revision: 1 });
    expect(body.daysOff).toEqual(expect.arrayContaining(['2026-03-09', '2026-03-24', '2026-03-25']));
    expect(body.daysOff).not.toContain('2026-08-31');
    const dates = body.holidays.map((h: { date: string }) => h.date);
    expect(dates).not.toContain('2026-08-30');
    expect(dates).not.toContain('2026-03-15');
    expect(body.holidays.find((h: { date: string }) => h.date === '2026-03-08')).toEqual({
      date: '2026-03-08',
      name: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" },
      estimated: false,
    });
    expect(body.holidays.filter((h: { estimated: boolean }) => h.estimated).map((h: { date: string }) => h.date)).toEqual(['2026-05-27', '2026-10-25']);
  });

  it('Get2027And2025_ShowConstitutionDayMovedAndTheTransfer', async () => {
    const y2027 = (await t.http.get('/api/v1/calendar/2027').set(bearer(plain.token))).body;
    expect(y2027.holidays.map((h: { date: string }) => h.date)).toContain('2027-03-15');
    expect(y2027.workingDays).toBe(247);
    const y2025 = (await t.http.get('/api/v1/calendar/2025').set(bearer(plain.token))).body;
    expect(y2025).toMatchObject({ workdays: ['2025-01-05'], workingDays: 246 });
    expect(y2025.daysOff).toEqual(expect.arrayContaining(['2025-01-03', '2025-09-01']));
  });

  it('GetAYearNobodyStored_FollowsTheStatutoryRulesAtRevision0', async () => {
    const response = await t.http.get('/api/v1/calendar/2031').set(bearer(plain.token));
    expect(response.status).toBe(200);
    expect(response.body.revision).toBe(0);
    // 2031: 8 Mar a Saturday → Mon 10 Mar off.
    expect(response.body.daysOff).toContain('2031-03-10');
  });

  it('PutATransfer_AsAdmin_GetAndTheProviderSeeItAndTheJournalHasTheEvent', async () => {
    const provider = t.app.get(WorkingCalendarProvider);
    const thursday = new Date('2026-06-04T05:00:00Z'); // Thu 4 Jun 2026, 10:00 in Almaty
    const friday = new Date('2026-06-12T05:00:00Z');
    expect((await provider.current()).addWorkingDays(thursday, 1, ALMATY).toISOString()).toBe('2026-06-05T13:00:00.000Z');
    expect((await provider.current()).addWorkingDays(friday, 1, ALMATY).toISOString()).toBe('2026-06-15T13:00:00.000Z');

    const current = (await t.http.get('/api/v1/calendar/2026').set(bearer(t.adminToken))).body;
    const holidays = [...current.holidays.map((h: { date: string }) => h.date), '2026-06-05'];
    const before = await counts(t, 'calendar_years');
    const put = await t.http
      .put('/api/v1/calendar/2026')
      .set(bearer(t.adminToken))
      .set('If-Match', '"1"')
      .send({ holidays, workdays: ['2026-06-13'] });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('"2"');
    expect(put.body).toMatchObject({ year: 2026, workdays: ['2026-06-13'], workingDays: 247, revision: 2 });
    expect(await counts(t, 'calendar_years')).toEqual({ events: before.events + 1, outbox: before.outbox + 1, rows: before.rows });

    const after = (await t.http.get('/api/v1/calendar/2026').set(bearer(plain.token))).body;
    expect(after.daysOff).toContain('2026-06-05');
    expect(after.workdays).toEqual(['2026-06-13']);
    expect(after.holidays.find((h: { date: string }) => h.date === '2026-06-05')).toMatchObject({ name: { en: 'Day off (transfer)' }, estimated: false });
    expect(after.holidays.filter((h: { estimated: boolean }) => h.estimated)).toHaveLength(2);

    // Thu → the Friday is off, so Mon 8 Jun; Fri 12 Jun → the worked Saturday 13 Jun.
    expect((await provider.current()).addWorkingDays(thursday, 1, ALMATY).toISOString()).toBe('2026-06-08T13:00:00.000Z');
    expect((await provider.current()).addWorkingDays(friday, 1, ALMATY).toISOString()).toBe('2026-06-13T13:00:00.000Z');

    const [event] = await t.dataSource.query(
      `SELECT stream_type AS "streamType", version, payload FROM journal_events WHERE type = 'CalendarYearChanged' ORDER BY position DESC LIMIT 1`,
    );
    expect(event).toMatchObject({ streamType: 'calendar_year', version: 2, payload: { year: 2026, workdays: ['2026-06-13'] } });
    expect(event.payload.holidays).toContain('2026-06-05');
  });

  it('PutAYearNobodyStored_CreatesItsRow', async () => {
    const statutory = (await t.http.get('/api/v1/calendar/2032').set(bearer(t.adminToken))).body;
    const before = await counts(t, 'calendar_years');
    const put = await t.http
      .put('/api/v1/calendar/2032')
      .set(bearer(t.adminToken))
      .set('If-Match', '"0"')
      .send({ holidays: [...statutory.holidays.map((h: { date: string }) => h.date), '2032-05-21'], workdays: [] });
    expect(put.status).toBe(200);
    expect(put.body.revision).toBe(1);
    expect(put.body.workingDays).toBe(statutory.workingDays - 1);
    expect((await counts(t, 'calendar_years')).rows).toBe(before.rows! + 1);
  });

  it('Put_AsNonAdmin_Is403; Anonymous_Is401; NothingChanges', async () => {
    const before = await counts(t, 'calendar_years');
    const denied = await t.http.put('/api/v1/calendar/2026').set(bearer(plain.token)).send({ holidays: [], workdays: [] });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('AUTH.ROLE_REQUIRED');
    expect((await t.http.put('/api/v1/calendar/2026').send({ holidays: [], workdays: [] })).status).toBe(401);
    expect((await t.http.get('/api/v1/calendar/2026')).status).toBe(401);
    expect(await counts(t, 'calendar_years')).toEqual(before);
  });

  describe('bad input is a 400 naming the field and changes nothing', () => {
    const cases: [string, string, unknown, string][] = [
      ['date of another year', '2030', { holidays: ['2031-01-01'], workdays: [] }, 'holidays'],
      ['impossible date', '2030', { holidays: ['2030-02-30'], workdays: [] }, 'holidays'],
      ['not a date', '2030', { holidays: [], workdays: ['13.01.2030'] }, 'workdays'],
      ['not a list', '2030', { holidays: '2030-01-01', workdays: [] }, 'holidays'],
      ['missing list', '2030', { holidays: [] }, 'workdays'],
      ['unknown field', '2030', { holidays: [], workdays: [], kurbanAit: '2030-04-13' }, 'kurbanAit'],
      ['over 100 dates', '2030', { holidays: Array.from({ length: 101 }, () => '2030-01-01'), workdays: [] }, 'holidays'],
      ['weekday as workday', '2030', { holidays: [], workdays: ['2030-01-09'] }, 'workdays'],
      ['both off and worked', '2030', { holidays: ['2030-01-12'], workdays: ['2030-01-12'] }, 'workdays'],
      ['year before 2000', '1999', { holidays: [], workdays: [] }, 'year'],
      ['year after 2100', '2101', { holidays: [], workdays: [] }, 'year'],
      ['year not a number', 'next', { holidays: [], workdays: [] }, 'year'],
    ];

    it.each(cases)('%s', async (_, year, body, field) => {
      const before = await counts(t, 'calendar_years');
      const response = await t.http.put(`/api/v1/calendar/${year}`).set(bearer(t.adminToken)).send(body as object);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts(t, 'calendar_years')).toEqual(before);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM calendar_years WHERE year = 2030');
      expect(n).toBe(0);
    });

    it('GetYearOutOfRange_Is400NamingYear_InTheUsersLanguage', async () => {
      const response = await t.http.get('/api/v1/calendar/1999').set(bearer(plain.token));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'CALENDAR.YEAR_OUT_OF_RANGE', detail: 'Год должен быть целым числом от 2000 до 2100, получено: 1999.' });
      expect(response.body.errors[0].field).toBe('year');
    });
  });

  it('PutWithStaleIfMatch_Is412AndChangesNothing', async () => {
    const current = (await t.http.get('/api/v1/calendar/2026').set(bearer(t.adminToken))).body;
    const before = await counts(t, 'calendar_years');
    const stale = await t.http
      .put('/api/v1/calendar/2026')
      .set(bearer(t.adminToken))
      .set('If-Match', '"1"')
      .send({ holidays: current.holidays.map((h: { date: string }) => h.date), workdays: [] });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('STALE_REVISION');
    expect(await counts(t, 'calendar_years')).toEqual(before);
    expect((await t.http.get('/api/v1/calendar/2026').set(bearer(plain.token))).body).toMatchObject({ workdays: ['2026-06-13'], revision: 2 });
  });
});
