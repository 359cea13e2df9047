import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { anOrganization, aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('HTTP conventions, roles and audit', () => {
  let t: TestApp;
  let plain: TestUser;
  let controller: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    plain = await aUser(t);
    controller = await aUser(t, { roles: ['controller'] });
  });
  afterAll(() => t.close());

  describe('roles', () => {
    it.each([
      ['POST', '/api/v1/organizations', { name: 'X', kind: 'ngo' }],
      ['POST', '/api/v1/users', { fullName: 'X', email: 'x@kelisim.test', organizationId: '00000000-0000-4000-8000-000000000000', password: 'long-enough-password' }],
      ['GET', '/api/v1/audit', undefined],
      ['GET', '/api/v1/audit/verify', undefined],
    ])('%s %s_AsAUserWithoutTheRole_Is403AndChangesNothing', async (method, path, body) => {
      const before = await counts(t);
      const call = method === 'POST' ? t.http.post(path).send(body) : t.http.get(path);
      const response = await call.set(bearer(plain.token));
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ status: 403, code: 'AUTH.ROLE_REQUIRED' });
      expect(await counts(t)).toEqual(before);
    });

    it('Audit_AsController_IsAllowed', async () => {
      const response = await t.http.get('/api/v1/audit?limit=2').set(bearer(controller.token));
      expect(response.status).toBe(200);
      expect(response.body.items).toHaveLength(2);
      expect(response.body.nextCursor).toEqual(expect.any(String));
    });

    it('PatchUser_AnotherUserOrAdminOnlyField_Is403; OwnLocale_IsAllowed', async () => {
      expect((await t.http.patch(`/api/v1/users/${controller.id}`).set(bearer(plain.token)).send({ fullName: 'Hacker' })).status).toBe(403);
      expect((await t.http.patch(`/api/v1/users/${plain.id}`).set(bearer(plain.token)).send({ roles: ['admin'] })).status).toBe(403);
      const own = await t.http.patch(`/api/v1/users/${plain.id}`).set(bearer(plain.token)).send({ locale: 'ru' });
      expect(own.status).toBe(200);
      expect(own.body.locale).toBe('ru');
    });

    it('PatchOrganization_AsNonAdmin_Is403', async () => {
      const response = await t.http.patch(`/api/v1/organizations/${plain.organizationId}`).set(bearer(plain.token)).send({ name: 'Mine' });
      expect(response.status).toBe(403);
    });

    it('QueueDashboard_ForAdminOnly', async () => {
      expect((await t.http.get('/admin/queues')).status).toBe(401);
      expect((await t.http.get('/admin/queues').set(bearer(plain.token))).status).toBe(403);
      expect((await t.http.get('/admin/queues').set(bearer(t.adminToken))).status).toBe(200);
      expect((await t.http.get('/admin/queues').set('Cookie', `kelisim_token=${t.adminToken}`)).status).toBe(200);
    });

    it('DeactivatedUser_TokenStopsWorking', async () => {
      const leaver = await aUser(t);
      expect((await t.http.patch(`/api/v1/users/${leaver.id}`).set(bearer(t.adminToken)).send({ active: false })).status).toBe(200);
      expect((await t.http.get('/api/v1/me').set(bearer(leaver.token))).status).toBe(401);
    });
  });

  describe('bad input changes nothing', () => {
    const cases: [string, () => ReturnType<TestApp['http']['post']>, number, string | undefined][] = [];
    const post = (body: unknown, raw?: string) => () => {
      const request = t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Content-Type', 'application/json');
      return raw !== undefined ? request.send(raw) : request.send(body as object);
    };
    cases.push(['malformed JSON', post(undefined, '{"name": "x",'), 400, 'body']);
    cases.push(['unknown field', post({ name: 'A', kind: 'ngo', colour: 'red' }), 400, 'colour']);
    cases.push(['wrong type', post({ name: 42, kind: 'ngo' }), 400, 'name']);
    cases.push(['empty text', post({ name: '   ', kind: 'ngo' }), 400, 'name']);
    cases.push(['too long text', post({ name: 'а'.repeat(501), kind: 'ngo' }), 400, 'name']);
    cases.push(['unknown enum', post({ name: 'A', kind: 'ministry' }), 400, 'kind']);
    cases.push(['bad uuid', post({ name: 'A', kind: 'ngo', parentId: 'not-a-uuid' }), 400, 'parentId']);
    cases.push(['missing reference', post({ name: 'A', kind: 'ngo', parentId: '00000000-0000-4000-8000-000000000000' }), 400, 'parentId']);
    cases.push(['bad time zone', post({ name: 'A', kind: 'ngo', timezone: 'Mars/Olympus' }), 400, 'timezone']);
    cases.push(['body over 1 MB', post({ name: 'A', kind: 'ngo', shortName: 'x'.repeat(1_100_000) }), 413, undefined]);

    it.each(cases)('%s_IsProblemJsonNamingTheField', async (_, send, status, field) => {
      const before = await counts(t, 'organizations');
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status, detail: expect.any(String) });
      if (field) expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts(t, 'organizations')).toEqual(before);
    });

    it('BadDateInQuery_Is400NamingIt', async () => {
      const response = await t.http.get('/api/v1/audit?from=2026-13-45').set(bearer(t.adminToken));
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('from');
    });

    it('UnknownIdOrRoute_Is404; BadIdIs400', async () => {
      expect((await t.http.get('/api/v1/organizations/00000000-0000-4000-8000-000000000000').set(bearer(plain.token))).status).toBe(404);
      expect((await t.http.get('/api/v1/nowhere').set(bearer(plain.token))).status).toBe(404);
      const bad = await t.http.get('/api/v1/users/123').set(bearer(plain.token));
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('id');
    });

    it('DuplicateEmail_Is409', async () => {
      const response = await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ fullName: 'Twin', email: plain.email.toUpperCase(), organizationId: plain.organizationId, password: 'long-enough-password' });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('USER.EMAIL_TAKEN');
    });

    it('ShortPassword_Is400NamingPassword', async () => {
      const response = await t.http
        .post('/api/v1/users')
        .set(bearer(t.adminToken))
        .send({ fullName: 'Short', email: 'short@kelisim.test', organizationId: plain.organizationId, password: 'short' });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('password');
    });

    it('Problems_SpeakTheUsersLanguage_OrAcceptLanguageWhenAnonymous', async () => {
      const russian = await aUser(t, { locale: 'ru' });
      const ru = await t.http.get('/api/v1/users/123').set(bearer(russian.token)).set('Accept-Language', 'en');
      expect(ru.body.title).toBe('Некорректный запрос');
      const en = await t.http.get('/api/v1/me').set('Accept-Language', 'en-GB,en;q=0.9');
      expect(en.body.title).toBe('Authentication required');
      const kk = await t.http.get('/api/v1/me');
      expect(kk.body.title).toBe('Кіру қажет');
    });
  });

  describe('Idempotency-Key and If-Match', () => {
    it('Repeat_ReturnsTheFirstAnswerAndChangesNothing', async () => {
      const send = () =>
        t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-once-1').send({ name: 'Достық бөлмесі', kind: 'ngo' });
      const first = await send();
      expect(first.status).toBe(201);
      const before = await counts(t, 'organizations');
      const again = await send();
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await counts(t, 'organizations')).toEqual(before);
    });

    it('ConcurrentRepeats_CreateOneResource', async () => {
      const send = () =>
        t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-race').send({ name: 'Race', kind: 'ngo' });
      const answers = await Promise.all([send(), send(), send()]);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM organizations WHERE name = 'Race'`);
      expect(n).toBe(1);
    });

    it('KeyReusedWithAnotherBody_Is422', async () => {
      await t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-once-2').send({ name: 'A1', kind: 'ngo' });
      const before = await counts(t, 'organizations');
      const reused = await t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-once-2').send({ name: 'A2', kind: 'ngo' });
      expect(reused.status).toBe(422);
      expect(await counts(t, 'organizations')).toEqual(before);
    });

    it('FailedCommand_DoesNotBurnTheKey', async () => {
      const bad = await t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-retry').send({ name: '', kind: 'ngo' });
      expect(bad.status).toBe(400);
      const good = await t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-retry').send({ name: '', kind: 'ngo' });
      expect(good.status).toBe(400);
      const fixed = await t.http.post('/api/v1/organizations').set(bearer(t.adminToken)).set('Idempotency-Key', 'org-retry-2').send({ name: 'Fixed', kind: 'ngo' });
      expect(fixed.status).toBe(201);
    });

    it('StaleIfMatch_Is412AndChangesNothing; CurrentIfMatch_Succeeds', async () => {
      const id = await anOrganization(t);
      const first = await t.http.patch(`/api/v1/organizations/${id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ name: 'Renamed once' });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"2"');
      const before = await counts(t, 'organizations');
      const stale = await t.http.patch(`/api/v1/organizations/${id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ name: 'Renamed twice' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('STALE_REVISION');
      expect(await counts(t, 'organizations')).toEqual(before);
      const [row] = await t.dataSource.query('SELECT name FROM organizations WHERE id = $1', [id]);
      expect(row.name).toBe('Renamed once');
    });

    it('OrganizationParentCycle_Is400', async () => {
      const parent = await anOrganization(t);
      const child = await anOrganization(t, { parentId: parent });
      const cycle = await t.http.patch(`/api/v1/organizations/${parent}`).set(bearer(t.adminToken)).send({ parentId: child });
      expect(cycle.status).toBe(400);
      expect(cycle.body.errors[0].field).toBe('parentId');
    });
  });

  describe('directory reads', () => {
    it('Lists_ArePaginatedWithCursorsAndFilters', async () => {
      const organizationId = await anOrganization(t, { kind: 'rural_district' });
      for (let i = 0; i < 3; i += 1) await aUser(t, { organizationId });
      const first = await t.http.get(`/api/v1/users?organizationId=${organizationId}&limit=2`).set(bearer(plain.token));
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      const second = await t.http.get(`/api/v1/users?organizationId=${organizationId}&limit=2&cursor=${first.body.nextCursor}`).set(bearer(plain.token));
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(3);
      const rural = await t.http.get('/api/v1/organizations?kind=rural_district').set(bearer(plain.token));
      expect(rural.body.items.map((o: { id: string }) => o.id)).toContain(organizationId);
      expect((await t.http.get('/api/v1/users?cursor=garbage').set(bearer(plain.token))).status).toBe(400);
    });

    it('ChangeOwnPassword_NeedsTheCurrentOne', async () => {
      const user = await aUser(t);
      const wrong = await t.http.post('/api/v1/me/password').set(bearer(user.token)).send({ currentPassword: 'nope-nope-nope', newPassword: 'a-brand-new-password' });
      expect(wrong.status).toBe(400);
      const right = await t.http.post('/api/v1/me/password').set(bearer(user.token)).send({ currentPassword: 'user-password-123', newPassword: 'a-brand-new-password' });
      expect(right.status).toBe(200);
      await expect(t.login(user.email, 'a-brand-new-password')).resolves.toEqual(expect.any(String));
      const events = await t.dataSource.query(`SELECT payload FROM journal_events WHERE stream_id = $1`, [user.id]);
      expect(JSON.stringify(events)).not.toMatch(/argon2|password-123|brand-new/);
    });
  });

  describe('audit', () => {
    it('Audit_FiltersByStreamAndType', async () => {
      const response = await t.http.get(`/api/v1/audit?streamId=${plain.id}`).set(bearer(t.adminToken));
      expect(response.status).toBe(200);
      expect(response.body.items[0]).toMatchObject({ streamId: plain.id, streamType: 'user', type: 'UserRegistered', version: 1 });
      const byType = await t.http.get('/api/v1/audit?type=OrganizationCreated&limit=200').set(bearer(t.adminToken));
      expect(byType.body.items.every((e: { type: string }) => e.type === 'OrganizationCreated')).toBe(true);
    });

    it('Verify_DetectsAnEditedAndADeletedRow', async () => {
      expect((await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken))).body.ok).toBe(true);
      // The database's owner goes around the append-only trigger (the platform's role may not).
      await t.asOwner(`ALTER TABLE journal_events DISABLE TRIGGER journal_events_append_only`);
      const [{ payload: original }] = await t.dataSource.query('SELECT payload FROM journal_events WHERE position = 3');
      await t.asOwner(`UPDATE journal_events SET payload = jsonb_set(payload, '{name}', '"Forged"') WHERE position = 3`);
      const edited = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
      expect(edited.body).toMatchObject({ ok: false, firstBrokenAt: 3, reason: 'EVENT_ALTERED' });
      expect(edited.body.message.en).toContain('position 3');

      // An event deleted in the middle of a stream: the stream's next event no longer follows.
      const [{ first, next }] = await t.dataSource.query(
        `SELECT a.position::int AS first, b.position::int AS next FROM journal_events a JOIN journal_events b ON b.stream_id = a.stream_id AND b.version = a.version + 1
          WHERE a.position > 3 ORDER BY a.position LIMIT 1`,
      );
      await t.asOwner(`UPDATE journal_events SET payload = $1 WHERE position = 3`, [JSON.stringify(original)]);
      expect((await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken))).body.ok).toBe(true);
      // (The worker may have sealed it already: its leaf goes too. docs/journal.md lists what each case is found as.)
      await t.asOwner(`ALTER TABLE journal_leaves DISABLE TRIGGER USER`);
      await t.asOwner(`DELETE FROM outbox WHERE position = $1`, [first]);
      await t.asOwner(`DELETE FROM journal_leaves WHERE position = $1`, [first]);
      await t.asOwner(`DELETE FROM journal_events WHERE position = $1`, [first]);
      const deleted = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
      expect(deleted.body).toMatchObject({ ok: false });
      expect(['LEAF_MISSING', 'CHAIN_BROKEN']).toContain(deleted.body.reason);
      if (deleted.body.reason === 'CHAIN_BROKEN') expect(deleted.body.firstBrokenAt).toBe(next);
      expect(Object.keys(deleted.body.message)).toEqual(['kk', 'ru', 'en']);
      await t.asOwner(`ALTER TABLE journal_leaves ENABLE TRIGGER USER`);
      await t.asOwner(`ALTER TABLE journal_events ENABLE TRIGGER journal_events_append_only`);
    });
  });
});
