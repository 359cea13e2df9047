import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aHeldMeetingWithADecision, anOrganization, aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

const forge = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const SOME_ID = '0b7d2c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e';
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/**
 * Issue 10, item 2: input that used to answer 500. Each answer here is a 400 (401 for the cookie)
 * naming the field, and a rejected command leaves no row, event or outbox message.
 */
describe('hostile input', () => {
  let t: TestApp;
  let controller: TestUser;
  let chair: TestUser;
  let member: TestUser;
  let organizationId: string;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  const as = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const fields = (body: { errors?: { field: string }[] }): string[] => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    t = await startTestApp();
    organizationId = await anOrganization(t);
    controller = await aUser(t, { roles: ['controller'], organizationId });
    chair = await aUser(t, { organizationId });
    member = await aUser(t, { organizationId });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('forged pagination cursors', () => {
    // Each list's sort: a name (text), an instant (time) or the journal's position.
    const LISTS: [string, 'admin' | 'controller' | 'member', 'text' | 'time' | 'position'][] = [
      ['/organizations', 'admin', 'text'],
      ['/users', 'admin', 'text'],
      ['/audit', 'admin', 'position'],
      ['/memoranda', 'controller', 'time'],
      ['/me/notifications', 'member', 'time'],
      ['/admin/deliveries', 'admin', 'time'],
      ['/tasks', 'controller', 'time'],
      ['/meetings', 'controller', 'time'],
      ['/working-groups', 'controller', 'text'],
      ['/control/overdue', 'controller', 'time'],
    ];
    const FORGED_FOR_ANY = [
      forge({ k: 'x', id: 'not-a-uuid' }),
      forge({ k: 'Z\u0000', id: SOME_ID }),
      forge({ k: '\ud800', id: SOME_ID }),
      forge({ k: 1e308, id: 'x' }),
      forge({ k: 'x', id: SOME_ID, extra: true }),
      forge({ id: SOME_ID }),
      forge([1, 2]),
      forge('just text'),
      'not base64 at all!',
    ];
    const FORGED_FOR = {
      text: [forge({ k: 12, id: SOME_ID }), forge({ k: 'x', id: 5 })],
      time: [forge({ k: 'abc', id: SOME_ID }), forge({ k: 12, id: SOME_ID }), forge({ k: '2026-13-45T99:99:99.000Z', id: SOME_ID }), forge({ k: '+275760-09-13T00:00:00.000Z', id: SOME_ID })],
      position: [forge({ k: 'abc', id: SOME_ID }), forge({ k: -1, id: SOME_ID }), forge({ k: 2 ** 63, id: SOME_ID }), forge({ k: 1.5, id: SOME_ID })],
    };

    it.each(LISTS)('List_WhenCursorIsForged_Is400NamingCursor (%s)', async (path, who, sort) => {
      const headers = who === 'admin' ? admin() : who === 'controller' ? as(controller) : as(member);
      for (const cursor of [...FORGED_FOR_ANY, ...FORGED_FOR[sort]]) {
        const response = await t.http.get(`/api/v1${path}`).query({ cursor }).set(headers);
        expect({ cursor, status: response.status }).toEqual({ cursor, status: 400 });
        expect(fields(response.body)).toContain('cursor');
      }
    });

    it('List_WhenCursorIsOneItReturned_GivesTheNextPage', async () => {
      const first = await t.http.get('/api/v1/organizations').query({ limit: 1 }).set(admin());
      expect(first.status).toBe(200);
      const next = await t.http.get('/api/v1/organizations').query({ limit: 1, cursor: first.body.nextCursor }).set(admin());
      expect(next.status).toBe(200);
      expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
      const audit = await t.http.get('/api/v1/audit').query({ limit: 1 }).set(admin());
      const auditNext = await t.http.get('/api/v1/audit').query({ limit: 1, cursor: audit.body.nextCursor }).set(admin());
      expect(auditNext.status).toBe(200);
      expect(auditNext.body.items[0].position).toBeGreaterThan(audit.body.items[0].position);
    });
  });

  describe('control characters and invalid Unicode', () => {
    it.each([
      ['a NUL', 'Акимат\u0000', 'controlCharacter'],
      ['an escape sequence', '\u001b[31mred', 'controlCharacter'],
      ['a C1 control', 'next\u0085line', 'controlCharacter'],
      ['a lone high surrogate', 'Әкім\ud800', 'invalidUnicode'],
      ['a lone low surrogate', '\udc00Әкім', 'invalidUnicode'],
    ])('Body_WhenTextHas %s_Is400NamingTheFieldAndChangesNothing', async (_what, name, code) => {
      const before = await counts(t, 'organizations');
      const response = await t.http.post('/api/v1/organizations').set(admin()).send({ name, kind: 'department' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name', code })]);
      expect(await counts(t, 'organizations')).toEqual(before);
    });

    it('Body_WhenNestedTextHasANul_NamesItsPath', async () => {
      const response = await t.http
        .post('/api/v1/meetings')
        .set(as(controller))
        .send({ title: 'Мәжіліс', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), chairId: chair.id, participantIds: [member.id], agenda: [{ title: 'ok' }, { title: 'x\u0000' }] });
      expect(response.status).toBe(400);
      expect(fields(response.body)).toEqual(['agenda[1].title']);
    });

    it('Body_WhenAKeyHasANul_Is400', async () => {
      const response = await t.http.post('/api/v1/organizations').set(admin()).send({ name: 'A', kind: 'department', 'x\u0000': 1 });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].code).toBe('controlCharacter');
    });

    it('Login_WhenEmailHasANul_Is400WithoutAToken', async () => {
      const response = await t.http.post('/api/v1/auth/login').send({ email: 'admin@kelisim.test\u0000', password: 'x' });
      expect(response.status).toBe(400);
      expect(fields(response.body)).toEqual(['email']);
    });

    it.each([['/organizations', 'q'], ['/users', 'q'], ['/me/notifications', 'type'], ['/audit', 'type']])(
      'Query_WhenTextHasANul_Is400NamingTheParameter (%s ?%s)',
      async (path, parameter) => {
        const response = await t.http.get(`/api/v1${path}?${parameter}=a%00b`).set(path === '/me/notifications' ? as(member) : admin());
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: parameter, code: 'controlCharacter' })]);
      },
    );

    it('Body_WhenTextHasTabsAndLineBreaks_IsAccepted', async () => {
      const response = await t.http.post('/api/v1/organizations').set(admin()).send({ name: 'Бөлім\tбір\r\nекі', kind: 'department' });
      expect(response.status).toBe(201);
    });
  });

  describe('deep nesting', () => {
    it('Login_WhenBodyIsNested10000Deep_Is400BeforeParsingWithoutAToken', async () => {
      const response = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(nested(10_000));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.TOO_DEEP', errors: [{ field: 'body', code: 'tooDeep' }] });
    });

    it('Body_When32Deep_IsParsed_When33Deep_IsRefused', async () => {
      const at = (depth: number) =>
        t.http.post('/api/v1/organizations').set(admin()).set('Content-Type', 'application/json').send(`{"name":"A","kind":"department","x":${nestedObject(depth - 1)}}`);
      const within = await at(32);
      expect(within.status).toBe(400);
      expect(within.body.code).toBe('REQUEST.INVALID');
      expect(fields(within.body)).toEqual(['x']);
      const beyond = await at(33);
      expect(beyond.status).toBe(400);
      expect(beyond.body.code).toBe('REQUEST.TOO_DEEP');
    });

    it('Body_WhenBracketsAreInsideStrings_TheyDoNotCount', async () => {
      const response = await t.http.post('/api/v1/organizations').set(admin()).send({ name: `Бөлім ${'[{"\\'.repeat(20)}`, kind: 'department' });
      expect(response.status).toBe(201);
    });

    it('Server_When20DeepBodiesArriveTogether_AnswersEach400AndStaysResponsive', async () => {
      const deep = Array.from({ length: 20 }, (_, i) =>
        t.http.post(i % 2 ? '/api/v1/auth/login' : '/api/v1/tasks').set('Content-Type', 'application/json').send(i % 4 ? nested(10_000) : nestedObject(10_000)),
      );
      const health = t.http.get('/health/live');
      const [answers, live] = await Promise.all([Promise.all(deep), health]);
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(400));
      expect(answers.every((r) => r.body.code === 'REQUEST.TOO_DEEP')).toBe(true);
      expect(live.status).toBe(200);
    });
  });

  it('QueueDashboard_WhenTheCookieIsNotPercentEncoding_Is401', async () => {
    const response = await t.http.get('/admin/queues').set('Cookie', 'kelisim_token=%E0');
    expect(response.status).toBe(401);
    expect(response.type).toBe('application/problem+json');
  });

  it.each(['kind', 'name', 'shortName', 'parentId', 'timezone'])('UpdateOrganization_When%sIsNull_Is400NamingItAndChangesNothing', async (field) => {
    const before = await counts(t);
    const response = await t.http.patch(`/api/v1/organizations/${organizationId}`).set(admin()).send({ [field]: null });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field, code: 'null' })]);
    expect(await counts(t)).toEqual(before);
  });

  it('RecordDecision_WhenFormsWorkingGroupIsAnArray_Is400AndChangesNothing', async () => {
    const { meetingId } = await aHeldMeetingWithADecision(t, { controller, chair, participants: [member] }, []);
    const before = await counts(t);
    for (const formsWorkingGroup of [[], [{ name: 'G' }], 'group', 5]) {
      const response = await t.http.post(`/api/v1/meetings/${meetingId}/decisions`).set(as(chair)).send({ text: 'Шешім', formsWorkingGroup });
      expect({ formsWorkingGroup, status: response.status }).toEqual({ formsWorkingGroup, status: 400 });
      expect(fields(response.body)).toContain('formsWorkingGroup');
    }
    expect(await counts(t)).toEqual(before);
  });
});
