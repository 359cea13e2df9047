import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { anOrganization, aUser, counts, makeTestPki, signCms, startTestApp, type TestApp, type TestPki, type TestUser } from '@kelisim/testing';

/**
 * Acting officials (issue 13): an admin or a head of the principal records that B acts for A (И.о.)
 * for a period on the basis of an order; during it B takes A's steps as a party's signatory, the
 * reviewer's prosecutor and a task's executor, each recorded "B, acting for A"; with ЭЦП the
 * certificate must be B's own.
 */
jest.setTimeout(120_000);

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const basis = { orderNumber: '45-ж', orderDate: '2026-12-01' };

describe('Substitutions (И.о.)', () => {
  let pki: TestPki;
  let t: TestApp;
  let police: string;
  let akimat: string;
  let prosecutors: string;
  let chief: TestUser;
  let deputy: TestUser;
  let head: TestUser;
  let colleague: TestUser;
  let akim: TestUser;
  let drafter: TestUser;
  let prosecutor: TestUser;
  let prosecutorsDeputy: TestUser;
  let controller: TestUser;
  let outsider: TestUser;
  let chiefSubstitution: string;

  const call = (method: 'get' | 'post', path: string, who: TestUser | string, body?: object) => {
    const token = typeof who === 'string' ? who : who.token;
    const request = t.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? request : request.send(body);
  };
  const ok = async (request: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await request;
    if (response.status !== 200 && response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field
    return response as { status: number; body: Record<string, any> };
  };
  const substitute = (who: TestUser | string, body: object) => call('post', '/substitutions', who, { from: at(0), to: at(8 * HOUR), basis, ...body });

  beforeAll(async () => {
    pki = await makeTestPki();
    t = await startTestApp({ env: { KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: pki.path(pki.ca), KELISIM_EDS_REQUIRE_TSP: 'false' } });
    police = await anOrganization(t, { name: pki.organizations.police.name, kind: 'police', bin: pki.organizations.police.bin });
    akimat = await anOrganization(t, { name: pki.organizations.akimat.name, kind: 'akimat', bin: pki.organizations.akimat.bin });
    prosecutors = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    head = await aUser(t, { organizationId: police, fullName: 'Облыстық басқарманың бастығы' });
    chief = await aUser(t, { organizationId: police, roles: ['signatory'], fullName: 'Нұрланов Өмірзақ Үсенұлы', iin: pki.people.chief, headId: head.id });
    deputy = await aUser(t, { organizationId: police, fullName: 'Төлеуов Асхат Болатұлы', iin: pki.people.deputy, locale: 'ru' });
    colleague = await aUser(t, { organizationId: police, fullName: 'Полиция бөлімінің қызметкері' });
    akim = await aUser(t, { organizationId: akimat, roles: ['signatory'], fullName: 'Әбділдаев Ғалым Қайратұлы', iin: pki.people.akim });
    drafter = await aUser(t, { organizationId: akimat, fullName: 'Ішкі саясат бөлімінің маманы' });
    controller = await aUser(t, { organizationId: akimat, roles: ['controller'], fullName: 'Аппарат әкімі' });
    prosecutor = await aUser(t, { organizationId: prosecutors, roles: ['prosecutor'], fullName: 'Прокурор' });
    prosecutorsDeputy = await aUser(t, { organizationId: prosecutors, fullName: 'Прокурордың көмекшісі' });
    outsider = await aUser(t, { fullName: 'Бөгде ұйымның қызметкері' });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await pki?.remove();
  });

  describe('recording, listing, ending', () => {
    it('Record_ByAHeadOfThePrincipal_Is201_AndJournalsSubstitutionRecorded', async () => {
      const before = await counts(t, 'substitutions');
      const response = await substitute(head, { principalId: chief.id, deputyId: deputy.id });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ principalId: chief.id, deputyId: deputy.id, organizationId: police, basis, status: 'current', endedAt: null, revision: 1 });
      chiefSubstitution = response.body.id;
      expect(await counts(t, 'substitutions')).toEqual({ rows: before.rows! + 1, events: before.events + 1, outbox: before.outbox + 1 });
      const [event] = await t.dataSource.query(`SELECT type, payload, actor_id FROM journal_events WHERE stream_id = $1`, [chiefSubstitution]);
      expect(event).toMatchObject({ type: 'SubstitutionRecorded', actor_id: head.id, payload: { principalId: chief.id, deputyId: deputy.id, basis } });
    });

    it.each<[string, () => object, number, string, string]>([
      ['the principal as their own deputy', () => ({ principalId: chief.id, deputyId: chief.id, from: at(30 * 24 * HOUR), to: at(31 * 24 * HOUR) }), 400, 'SUBSTITUTION.SELF', 'deputyId'],
      ['a deputy of another organization', () => ({ principalId: chief.id, deputyId: akim.id, from: at(30 * 24 * HOUR), to: at(31 * 24 * HOUR) }), 400, 'SUBSTITUTION.DEPUTY_OTHER_ORGANIZATION', 'deputyId'],
      ['a back-dated start', () => ({ principalId: chief.id, deputyId: colleague.id, from: at(-2 * 24 * HOUR), to: at(-24 * HOUR) }), 400, 'SUBSTITUTION.BACK_DATED', 'from'],
      ['a period overlapping the current one', () => ({ principalId: chief.id, deputyId: colleague.id, from: at(4 * HOUR), to: at(30 * HOUR) }), 409, 'SUBSTITUTION.OVERLAPS', 'from'],
      ['an end before the start', () => ({ principalId: chief.id, deputyId: colleague.id, from: at(40 * HOUR), to: at(30 * HOUR) }), 400, 'SUBSTITUTION.EMPTY_PERIOD', 'to'],
      ['an order without a number', () => ({ principalId: chief.id, deputyId: colleague.id, from: at(40 * HOUR), to: at(50 * HOUR), basis: { orderDate: '2026-12-01' } }), 400, 'REQUEST.INVALID', 'basis.orderNumber'],
      ['an order date that is no date', () => ({ principalId: chief.id, deputyId: colleague.id, from: at(40 * HOUR), to: at(50 * HOUR), basis: { orderNumber: '1', orderDate: '2026-02-30' } }), 400, 'REQUEST.INVALID_FIELD', 'basis.orderDate'],
    ])('Record_With%s_IsRefusedNamingTheField_AndRecordsNothing', async (_what, body, status, code, field) => {
      const before = await counts(t, 'substitutions');
      const response = await call('post', '/substitutions', head, { basis, ...body() });
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe(code);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await counts(t, 'substitutions')).toEqual(before);
    });

    it('Record_RefusalsAreWordedInThePersonsLanguage', async () => {
      const response = await call('post', '/substitutions', t.adminToken, { principalId: chief.id, deputyId: chief.id, from: at(HOUR), to: at(2 * HOUR), basis });
      expect(response.body.detail).toBe('Міндетін атқарушы басшының өзі бола алмайды: басқа қызметкерді таңдаңыз (deputyId).');
    });

    it('Record_ByTheDeputyOrAColleagueOrAnOutsider_Is403', async () => {
      for (const who of [deputy, colleague, outsider, chief]) {
        const response = await substitute(who, { principalId: chief.id, deputyId: colleague.id, from: at(60 * 24 * HOUR), to: at(61 * 24 * HOUR) });
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('SUBSTITUTION.NOT_ALLOWED');
      }
    });

    it('List_ShowsTheSubstitutionToTheAdminTheHeadThePrincipalAndTheDeputy_NotToOutsiders', async () => {
      for (const who of [t.adminToken, head, chief, deputy]) {
        const page = await ok(call('get', `/substitutions?principalId=${chief.id}&status=current`, who));
        expect(page.body.items.map((s: { id: string }) => s.id)).toEqual([chiefSubstitution]);
        expect(page.body.items[0]).toMatchObject({ principalName: 'Нұрланов Өмірзақ Үсенұлы', deputyName: 'Төлеуов Асхат Болатұлы' });
      }
      for (const who of [colleague, outsider]) {
        expect((await ok(call('get', '/substitutions', who))).body.items).toEqual([]);
        expect((await call('get', `/substitutions/${chiefSubstitution}`, who)).status).toBe(404);
        expect((await call('post', `/substitutions/${chiefSubstitution}/end`, who)).status).toBe(404);
      }
    });

    it('List_IsPaginatedWithACursor', async () => {
      const later = await ok(substitute(t.adminToken, { principalId: colleague.id, deputyId: deputy.id, from: at(24 * HOUR), to: at(48 * HOUR) }));
      const first = await ok(call('get', '/substitutions?limit=1', t.adminToken));
      expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([later.body.id]);
      const second = await ok(call('get', `/substitutions?limit=1&cursor=${first.body.nextCursor}`, t.adminToken));
      expect(second.body.items.map((s: { id: string }) => s.id)).toEqual([chiefSubstitution]);
      expect(later.body.status).toBe('scheduled');
      const ended = await ok(call('post', `/substitutions/${later.body.id}/end`, t.adminToken));
      expect(ended.body).toMatchObject({ status: 'over', from: later.body.from, to: later.body.from });
      // Ended before it began, it no longer stands in the way of another one for that period.
      expect((await substitute(t.adminToken, { principalId: colleague.id, deputyId: deputy.id, from: at(24 * HOUR), to: at(48 * HOUR) })).status).toBe(201);
    });
  });

  describe('acting for the principal', () => {
    let memorandumId: string;
    const v = (action: string) => `/memoranda/${memorandumId}/versions/1/${action}`;

    beforeAll(async () => {
      // The reviewer's prosecutor is away too: their assistant acts for them.
      await ok(substitute(t.adminToken, { principalId: prosecutor.id, deputyId: prosecutorsDeputy.id }));
      const created = await ok(
        call('post', '/memoranda', drafter, {
          title: 'Ұлтаралық келісімді сақтау жөніндегі ынтымақтастық туралы меморандум',
          reviewerOrganizationId: prosecutors,
          parties: [
            { organizationId: akimat, signatoryId: akim.id },
            { organizationId: police, signatoryId: chief.id },
          ],
          clauses: [{ text: 'Тараптар бірлесіп жұмыс істейді.' }, { text: 'Полиция бөлімі тоқсан сайын есеп береді.' }],
        }),
      );
      memorandumId = created.body.id;
      await ok(call('post', v('submit'), drafter));
    });

    it('Clear_ByTheOfficialActingForTheProsecutor_CountsAndIsRecordedActingForThem', async () => {
      expect((await call('post', v('clear'), outsider, {})).status).toBe(404);
      const cleared = await ok(call('post', v('clear'), prosecutorsDeputy, { comment: 'Ескерту жоқ' }));
      expect(cleared.body.status).toBe('draft');
      const version = await ok(call('get', `/memoranda/${memorandumId}/versions/1`, drafter));
      expect(version.body.status).toBe('approval');
      expect(version.body.history.at(-1)).toMatchObject({ action: 'clear', by: prosecutorsDeputy.id, actingFor: prosecutor.id });
      const [event] = await t.dataSource.query(`SELECT payload FROM journal_events WHERE stream_id = $1 AND type = 'VersionCleared'`, [memorandumId]);
      expect(event.payload.actingFor).toBe(prosecutor.id);
    });

    it('Approve_ByTheDeputy_CountsForThePoliceAndSaysActingForTheChief', async () => {
      await ok(call('post', v('approve'), akim, {}));
      await ok(call('post', v('approve'), deputy, {}));
      const version = await ok(call('get', `/memoranda/${memorandumId}/versions/1`, deputy));
      expect(version.body.status).toBe('signing');
      expect(version.body.approvals[1]).toMatchObject({ organizationId: police, by: deputy.id, onBehalf: false, actingFor: chief.id });
      expect(version.body.approvals[0]).toMatchObject({ organizationId: akimat, by: akim.id, actingFor: null });
    });

    it('Approve_ByAColleagueWhoActsForNobody_Is403', async () => {
      const response = await call('post', v('approve'), colleague, {});
      expect(response.status).toBe(403);
    });

    it('Sign_ByTheDeputyWithTheChiefsCertificate_Is422WrongPerson_AndRecordsNothing', async () => {
      const payload = Buffer.from((await ok(call('get', v('signing-payload'), deputy))).body.payloadB64, 'base64');
      const before = await counts(t);
      const response = await call('post', v('sign'), deputy, { signature: { cms: (await signCms(pki, payload, 'chief')).toString('base64') } });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('EDS.WRONG_PERSON');
      expect(await counts(t)).toEqual(before);
    });

    it('Sign_ByTheDeputyWithTheirOwnCertificate_CountsAsThePolicesEds_ActingForTheChief', async () => {
      const payload = Buffer.from((await ok(call('get', v('signing-payload'), deputy))).body.payloadB64, 'base64');
      const signed = await call('post', v('sign'), deputy, { signature: { cms: (await signCms(pki, payload, 'deputy')).toString('base64') } });
      expect(signed.status).toBe(200);
      const version = await ok(call('get', `/memoranda/${memorandumId}/versions/1`, akim));
      expect(version.body.signatures[0]).toMatchObject({ organizationId: police, by: deputy.id, actingFor: chief.id, eds: { signer: { iin: pki.people.deputy, bin: pki.organizations.police.bin } } });
      const [event] = await t.dataSource.query(`SELECT payload FROM journal_events WHERE stream_id = $1 AND type = 'VersionSigned'`, [memorandumId]);
      expect(event.payload).toMatchObject({ actingFor: chief.id, eds: { iin: pki.people.deputy } });
    });

    it('ExecuteATask_ByTheDeputy_AcknowledgesAndReportsActingForTheChief_TheTaskShowsInTheDeputysList', async () => {
      const issued = await ok(call('post', '/tasks', controller, { title: 'Тоқсандық есеп', executorId: chief.id, dueInWorkingDays: 5 }));
      const id = issued.body.id;
      expect((await call('get', `/tasks/${id}`, colleague)).status).toBe(404);
      const listed = await ok(call('get', '/tasks?limit=50', deputy));
      expect(listed.body.items.map((task: { id: string }) => task.id)).toContain(id);
      await ok(call('post', `/tasks/${id}/acknowledge`, deputy));
      const report = await ok(call('post', `/tasks/${id}/reports`, deputy, { text: 'Есеп дайын.' }));
      expect(report.body.reports[0]).toMatchObject({ submittedBy: deputy.id, actingFor: chief.id });
      const detail = await ok(call('get', `/tasks/${id}`, deputy));
      expect(detail.body.reports[0]).toMatchObject({ submittedBy: deputy.id, actingFor: chief.id });
      expect(detail.body.history.find((e: { type: string }) => e.type === 'TaskAcknowledged')).toMatchObject({ actorId: deputy.id, payload: { actingFor: chief.id } });
    });

    it('End_ByThePrincipal_EndsItNow_AndTheDeputyMayNoLongerAct', async () => {
      const issued = await ok(call('post', '/tasks', controller, { title: 'Екінші тапсырма', executorId: chief.id, dueInWorkingDays: 5 }));
      const before = await counts(t);
      const ended = await ok(call('post', `/substitutions/${chiefSubstitution}/end`, chief));
      expect(ended.body).toMatchObject({ status: 'over', endedBy: chief.id });
      expect(await counts(t)).toEqual({ events: before.events + 1, outbox: before.outbox + 1 });
      expect((await call('post', `/tasks/${issued.body.id}/acknowledge`, deputy)).status).toBe(404);
      const again = await call('post', `/substitutions/${chiefSubstitution}/end`, chief);
      expect(again.status).toBe(409);
    });
  });
  describe("the principal's reminders and notices", () => {
    interface Note {
      type: string;
      subject: { id: string };
      body: string;
    }
    const inbox = async (who: TestUser, taskId: string): Promise<Note[]> =>
      ((await ok(call('get', '/me/notifications?limit=100', who))).body.items as Note[]).filter((n) => n.subject.id === taskId);
    const typesOf = async (who: TestUser, taskId: string) => (await inbox(who, taskId)).map((n) => n.type).sort();
    const EXPECTED = ['task.assigned', 'task.overdue', 'task.reminder'];
    const settle = async (taskId: string, people: TestUser[]) => {
      const started = Date.now();
      while (Date.now() - started < 40_000) {
        const all = await Promise.all(people.map((p) => typesOf(p, taskId)));
        if (all.every((types) => EXPECTED.every((type) => types.includes(type)))) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // A moment more: a second copy, were one sent, would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    };
    const issue = (executor: TestUser, extra: object = {}) =>
      ok(call('post', '/tasks', controller, { title: 'Шұғыл есеп', executorId: executor.id, dueAt: at(12_000), reminderPolicy: [{ before: 'PT8S' }], ...extra }));

    it('ReminderAssignmentAndOverdue_OfTheAbsentExecutor_GoToTheDeputyToo_OnceEach_NamingWhomTheyActFor', async () => {
      const absent = await aUser(t, { organizationId: police, fullName: 'Демалыстағы учаскелік' });
      const standIn = await aUser(t, { organizationId: police, fullName: 'Учаскелік орынбасары', locale: 'en' });
      await ok(substitute(t.adminToken, { principalId: absent.id, deputyId: standIn.id }));
      const task = await issue(absent);
      await settle(task.body.id, [absent, standIn]);
      expect(await typesOf(absent, task.body.id)).toEqual(EXPECTED);
      expect(await typesOf(standIn, task.body.id)).toEqual(EXPECTED);
      for (const note of await inbox(standIn, task.body.id)) expect(note.body).toContain('You are acting for Демалыстағы учаскелік (Acting).');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM reminders WHERE subject_id = $1 AND recipient_id = $2 AND acting_for = $3`, [task.body.id, standIn.id, absent.id]);
      expect(n).toBeGreaterThan(0);
    });

    it('ADeputyWhoIsAlsoACoExecutor_IsToldOnceAboutEach_NotTwice', async () => {
      const absent = await aUser(t, { organizationId: police, fullName: 'Демалыстағы инспектор' });
      const standIn = await aUser(t, { organizationId: police, fullName: 'Инспектордың орынбасары' });
      await ok(substitute(t.adminToken, { principalId: absent.id, deputyId: standIn.id }));
      const task = await issue(absent, { coExecutorIds: [standIn.id] });
      await settle(task.body.id, [absent, standIn]);
      expect(await typesOf(standIn, task.body.id)).toEqual(EXPECTED);
      expect(await typesOf(absent, task.body.id)).toEqual(EXPECTED);
    });

    it('ASubstitutionRecordedAfterTheTaskWasIssued_StillCopiesItsPendingReminders', async () => {
      const absent = await aUser(t, { organizationId: police, fullName: 'Кенет ауырған қызметкер' });
      const standIn = await aUser(t, { organizationId: police, fullName: 'Оның орнындағы қызметкер' });
      const task = await issue(absent, { dueAt: at(20_000) });
      // The assignment notice has been sent (by the outbox) before the substitution is recorded.
      const told = Date.now();
      while (Date.now() - told < 20_000 && !(await typesOf(absent, task.body.id)).includes('task.assigned')) await new Promise((resolve) => setTimeout(resolve, 100));
      await ok(substitute(t.adminToken, { principalId: absent.id, deputyId: standIn.id }));
      const started = Date.now();
      while (Date.now() - started < 40_000 && !(await typesOf(standIn, task.body.id)).includes('task.overdue')) await new Promise((resolve) => setTimeout(resolve, 200));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Told of the assignment before the substitution: only the reminder and the overdue notice.
      expect(await typesOf(standIn, task.body.id)).toEqual(['task.overdue', 'task.reminder']);
    });
  });
});
