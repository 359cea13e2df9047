import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { anOrganization, aUser, counts, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';

/**
 * The Maktaaral memorandum of cooperation on preserving interethnic harmony (seed/README.md):
 * drafted by the district akimat, reviewed by the district prosecutor's office, signed by every
 * party, then amended as version 2 while version 1 stays in force.
 */
// Users are created with argon2id hashes and the path has many steps: more than Jest's 5 s default.
jest.setTimeout(180_000);

describe('memoranda over HTTP', () => {
  let t: TestApp;
  let akimat: string;
  let police: string;
  let centre: string;
  let prosecutorOffice: string;
  let drafter: TestUser;
  let akim: TestUser;
  let policeChief: TestUser;
  let centreChair: TestUser;
  let prosecutor: TestUser;
  let controller: TestUser;
  let stranger: TestUser;
  let memorandumId: string;

  const call = (method: 'get' | 'post' | 'put', path: string, who: TestUser | string, body?: object) => {
    const token = typeof who === 'string' ? who : who.token;
    const request = t.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? request : request.send(body);
  };
  const v = (n: number, action: string) => `/memoranda/${memorandumId}/versions/${n}/${action}`;
  const journal = async (type: string): Promise<number> =>
    (await t.dataSource.query('SELECT count(*)::int AS n FROM journal_events WHERE stream_id = $1 AND type = $2', [memorandumId, type]))[0].n;

  const CLAUSES_V1 = [
    'Тараптар аудандағы этносаралық келісім мен бірлікті нығайту мақсатында бірлесіп жұмыс істейді.',
    'Әр елді мекенде түсіндіру жұмыстары жүргізіледі.',
    'Аудандық полиция бөлімі этносаралық шиеленістің алдын алу бойынша тоқсан сайын есеп береді.',
  ];

  beforeAll(async () => {
    t = await startTestApp();
    akimat = await anOrganization(t, { name: 'Мақтаарал аудандық әкімдігі', kind: 'akimat' });
    police = await anOrganization(t, { name: 'Мақтаарал аудандық полиция бөлімі', kind: 'police' });
    centre = await anOrganization(t, { name: 'Өзбек этномәдени орталығы', kind: 'ethnocultural_centre' });
    prosecutorOffice = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    drafter = await aUser(t, { organizationId: akimat, fullName: 'Ішкі саясат бөлімінің басшысы' });
    akim = await aUser(t, { organizationId: akimat, roles: ['signatory'], fullName: 'Аудан әкімі' });
    policeChief = await aUser(t, { organizationId: police, roles: ['signatory'], fullName: 'Полиция бөлімі бастығының м.а.' });
    centreChair = await aUser(t, { organizationId: centre, roles: ['signatory'], fullName: 'Этномәдени орталық төрағасы' });
    prosecutor = await aUser(t, { organizationId: prosecutorOffice, roles: ['prosecutor'], fullName: 'Аудан прокуроры' });
    controller = await aUser(t, { organizationId: akimat, roles: ['controller'], fullName: 'Әкім аппаратының бақылаушысы' });
    stranger = await aUser(t, { fullName: 'Бөгде ұйымның қызметкері' });
  });
  afterAll(() => t.close());

  it('Create_ByUserOfAParty_Is201WithVersion1InDraft', async () => {
    const response = await call('post', '/memoranda', drafter, {
      title: 'Этносаралық келісімді сақтау жөніндегі ынтымақтастық туралы меморандум',
      purpose: 'Этносаралық түсініспеушілік пен қақтығыстардың алдын алу бойынша бірлескен жұмыс',
      reviewerOrganizationId: prosecutorOffice,
      parties: [
        { organizationId: akimat, signatoryId: akim.id },
        { organizationId: police, signatoryId: policeChief.id },
        { organizationId: centre, signatoryId: centreChair.id },
      ],
      clauses: CLAUSES_V1.map((text) => ({ text })),
      deadlines: { reviewWorkingDays: 7 },
    });
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe(`"${response.body.revision}"`);
    expect(response.body).toMatchObject({
      status: 'draft',
      versionInForce: null,
      openVersion: 1,
      reviewerOrganizationId: prosecutorOffice,
      drafterOrganizationId: akimat,
      deadlines: { reviewWorkingDays: 7, approvalWorkingDays: 5, signingWorkingDays: 5 },
      versions: [{ number: 1, status: 'draft' }],
      revision: 1,
    });
    memorandumId = response.body.id;
    const version = await call('get', `/memoranda/${memorandumId}/versions/1`, prosecutor);
    expect(version.status).toBe(200);
    expect(version.body.clauses).toEqual(CLAUSES_V1.map((text, i) => ({ number: i + 1, text })));
    expect(version.body.textHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('Version1_ThroughReturnWithRemarksRevisionClearanceApprovalsAndSignatures_EntersIntoForce', async () => {
    const submitted = await call('post', v(1, 'submit'), drafter);
    expect(submitted.status).toBe(200);
    expect(submitted.body.versions[0]).toMatchObject({ status: 'in_review', awaiting: [prosecutorOffice] });
    expect(new Date(submitted.body.versions[0].stageDueAt).getTime()).toBeGreaterThan(Date.now());

    const waiting = await call('get', '/memoranda?waitingForMe=true', prosecutor);
    expect(waiting.body.items.map((m: { id: string }) => m.id)).toEqual([memorandumId]);

    const returned = await call('post', v(1, 'return'), prosecutor, {
      remarks: [{ clause: 2, text: '«Түсіндіру жұмыстарын» кім жүргізетінін нақтылаңыз.' }],
    });
    expect(returned.status).toBe(200);
    expect(returned.body.versions[0].status).toBe('draft');

    const revised = [CLAUSES_V1[0], 'Әр елді мекенде депутаттар, учаскелік полиция инспекторлары, ауыл әкімдері, ақсақалдар мен белсенді жастар бірлесіп түсіндіру жұмыстарын жүргізеді.', CLAUSES_V1[2]];
    const edited = await call('put', v(1, 'clauses'), drafter, { clauses: revised.map((text) => ({ text })) });
    expect(edited.status).toBe(200);
    expect((await call('post', v(1, 'submit'), drafter)).status).toBe(200);
    const cleared = await call('post', v(1, 'clear'), prosecutor, { comment: 'Заңға сәйкес келеді.' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.versions[0]).toMatchObject({ status: 'approval', awaiting: [akimat, police, centre] });

    for (const signatory of [akim, policeChief, centreChair]) {
      expect((await call('post', v(1, 'approve'), signatory, {})).status).toBe(200);
    }
    const afterApprovals = await call('get', `/memoranda/${memorandumId}/versions/1`, akim);
    expect(afterApprovals.body.status).toBe('signing');
    const hash = afterApprovals.body.textHash as string;
    for (const signatory of [akim, policeChief]) {
      expect((await call('post', v(1, 'sign'), signatory, { signature: { textHash: hash } })).status).toBe(200);
    }
    const last = await call('post', v(1, 'sign'), centreChair, {});
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: 'active', versionInForce: 1, openVersion: null });

    const version = await call('get', `/memoranda/${memorandumId}/versions/1`, policeChief);
    expect(version.body).toMatchObject({ status: 'in_force', textHash: hash, stageDueAt: null, round: 2 });
    expect(version.body.clauses[1].text).toBe(revised[1]);
    // The remark stays in the history, bound to its clause and to the first review round.
    expect(version.body.remarks).toEqual([
      { clause: 2, text: '«Түсіндіру жұмыстарын» кім жүргізетінін нақтылаңыз.', by: prosecutor.id, at: expect.any(String), round: 1 },
    ]);
    expect(version.body.approvals.map((a: { organizationId: string }) => a.organizationId)).toEqual([akimat, police, centre]);
    expect(version.body.signatures).toEqual(
      [akim, policeChief, centreChair].map((s) => ({ organizationId: s.organizationId, by: s.id, at: expect.any(String), textHash: hash, onBehalf: false, actingFor: null, eds: null })),
    );
    expect(await journal('VersionEnteredIntoForce')).toBe(1);
  });

  it('Notifications_ActionRequiredOncePerStageAndRound_InForceOncePerParty_DeadlineClosed', async () => {
    const inbox = async (user: TestUser) =>
      (await t.http.get(`/api/v1/me/notifications?limit=200`).set('Authorization', `Bearer ${user.token}`)).body.items.filter(
        (n: { subject: { id: string } }) => n.subject.id === memorandumId,
      ) as { type: string; title: string }[];
    // The prosecutor was asked to review twice: the first submission, and the resubmission after the return.
    expect((await inbox(prosecutor)).map((n) => n.type)).toEqual(['memorandum.action_required', 'memorandum.action_required']);
    for (const signatory of [akim, policeChief, centreChair]) {
      const types = (await inbox(signatory)).map((n) => n.type).sort();
      expect(types).toEqual(['memorandum.action_required', 'memorandum.action_required', 'memorandum.in_force']);
    }
    const [deadline] = await t.dataSource.query(`SELECT state FROM deadlines WHERE subject_type = 'memorandum_stage' AND subject_id = $1`, [memorandumId]);
    expect(deadline.state).toBe('closed');
    const pending = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = $1 AND r.state = 'pending'`,
      [memorandumId],
    );
    expect(pending[0].n).toBe(0);
  });

  it('Version2_AmendmentsAndAdditions_GoThroughTheSamePathWhileVersion1StaysInForce', async () => {
    const opened = await call('post', `/memoranda/${memorandumId}/amendments`, drafter, { reason: 'Меморандумға өзгерістер мен толықтырулар енгізу' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'active', versionInForce: 1, openVersion: 2 });
    const second = await call('post', `/memoranda/${memorandumId}/amendments`, policeChief, { reason: 'тағы бір' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('MEMORANDUM.VERSION_ALREADY_OPEN');

    const v1 = (await call('get', `/memoranda/${memorandumId}/versions/1`, drafter)).body.clauses.map((c: { text: string }) => c.text);
    const v2 = [
      ...v1,
      '«Әлеуметтік-саяси тұрақтылықты қамтамасыз ету және этносаралық қақтығыстардың алдын алу жөніндегі» арнайы жұмыс тобы құрылады.',
      '«Қоғамдық келісім» жанынан этномәдени орталықтар мүшелері үшін «Достық» бөлмесі ашылады.',
    ];
    expect((await call('put', v(2, 'clauses'), drafter, { clauses: v2.map((text: string) => ({ text })) })).status).toBe(200);
    expect((await call('post', v(2, 'submit'), drafter)).status).toBe(200);
    expect((await call('post', v(2, 'return'), prosecutor, { remarks: [{ clause: 5, text: 'Бөлменің ашылу мерзімін көрсетіңіз.' }] })).status).toBe(200);
    v2[4] = '«Қоғамдық келісім» жанынан этномәдени орталықтар мүшелері үшін 2025 жылдың соңына дейін «Достық» бөлмесі ашылады.';
    expect((await call('put', v(2, 'clauses'), drafter, { clauses: v2.map((text: string) => ({ text })) })).status).toBe(200);
    expect((await call('post', v(2, 'submit'), drafter)).status).toBe(200);
    expect((await call('post', v(2, 'clear'), prosecutor, {})).status).toBe(200);

    const diff = await call('get', `/memoranda/${memorandumId}/versions/2/diff?against=1`, centreChair);
    expect(diff.status).toBe(200);
    expect(diff.body.summary).toEqual({ added: 2, removed: 0, changed: 0, unchanged: 3 });
    expect(diff.body.clauses.filter((c: { change: string }) => c.change === 'added').map((c: { after: number; afterText: string }) => [c.after, c.afterText])).toEqual([
      [4, v2[3]],
      [5, v2[4]],
    ]);

    for (const signatory of [akim, policeChief, centreChair]) expect((await call('post', v(2, 'approve'), signatory, {})).status).toBe(200);
    const during = await call('get', `/memoranda/${memorandumId}`, controller);
    expect(during.body).toMatchObject({ status: 'active', versionInForce: 1, openVersion: 2 });
    expect(during.body.versions.map((x: { status: string }) => x.status)).toEqual(['in_force', 'signing']);

    for (const signatory of [akim, policeChief, centreChair]) expect((await call('post', v(2, 'sign'), signatory, {})).status).toBe(200);
    const after = await call('get', `/memoranda/${memorandumId}`, drafter);
    expect(after.body).toMatchObject({ status: 'active', versionInForce: 2, openVersion: null });
    expect(after.body.versions.map((x: { status: string }) => x.status)).toEqual(['superseded', 'in_force']);
    expect(await journal('VersionEnteredIntoForce')).toBe(2);
    expect(await journal('VersionSuperseded')).toBe(1);
  });

  it('Denials_WrongSignatoryIs403_NonProsecutorClearIs403_StrangerIs404', async () => {
    expect((await call('post', `/memoranda/${memorandumId}/amendments`, policeChief, { reason: 'Үшінші нұсқа' })).status).toBe(201);
    expect((await call('post', v(3, 'submit'), drafter)).status).toBe(403);
    expect((await call('post', v(3, 'submit'), policeChief)).status).toBe(200);
    const clearByDrafter = await call('post', v(3, 'clear'), drafter, {});
    expect(clearByDrafter.status).toBe(403);
    expect(clearByDrafter.body.code).toBe('MEMORANDUM.NOT_ALLOWED');
    const otherProsecutor = await aUser(t, { roles: ['prosecutor'], organizationId: await anOrganization(t, { kind: 'prosecutor' }) });
    expect((await call('post', v(3, 'clear'), otherProsecutor, {})).status).toBe(404);
    expect((await call('post', v(3, 'clear'), prosecutor, {})).status).toBe(200);
    // The police department's chief cannot approve for the akimat: he approves for his own party only.
    expect((await call('post', v(3, 'approve'), drafter, {})).status).toBe(403);
    expect((await call('post', v(3, 'approve'), policeChief, { onBehalfOf: akimat })).status).toBe(403);
    expect((await call('get', `/memoranda/${memorandumId}`, stranger)).status).toBe(404);
    expect((await call('post', v(3, 'approve'), stranger, {})).status).toBe(404);
    const list = await call('get', '/memoranda', stranger);
    expect(list.body).toEqual({ items: [], nextCursor: null });
    const rejected = await call('post', v(3, 'reject'), centreChair, { reason: 'Мәтін келісілмеген.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.versions[2]).toMatchObject({ status: 'draft' });
    expect((await call('post', v(3, 'approve'), akim, {})).status).toBe(409);
    expect((await call('post', v(3, 'withdraw'), policeChief)).status).toBe(200);
  });

  it('SignWithStaleTextHash_Is409AndCountsNothing', async () => {
    expect((await call('post', `/memoranda/${memorandumId}/amendments`, drafter, { reason: 'Төртінші нұсқа' })).status).toBe(201);
    const before = (await call('get', `/memoranda/${memorandumId}/versions/4`, drafter)).body.textHash as string;
    await call('put', v(4, 'clauses'), drafter, { clauses: [{ text: 'Жаңа мәтін.' }] });
    await call('post', v(4, 'submit'), drafter);
    await call('post', v(4, 'clear'), prosecutor, {});
    for (const s of [akim, policeChief, centreChair]) await call('post', v(4, 'approve'), s, {});
    const stale = await call('post', v(4, 'sign'), akim, { signature: { textHash: before } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('MEMORANDUM.TEXT_CHANGED');
    const version = await call('get', `/memoranda/${memorandumId}/versions/4`, akim);
    expect(version.body.signatures).toEqual([]);
    const declined = await call('post', v(4, 'decline'), akim, { reason: 'Мәтін толық емес.' });
    expect(declined.status).toBe(200);
    const draft = await call('get', `/memoranda/${memorandumId}/versions/4`, akim);
    expect(draft.body).toMatchObject({ status: 'draft', approvals: [], signatures: [] });
  });

  it('BadInput_IsA400NamingTheField_AndChangesNothing', async () => {
    const before = await counts(t, 'memoranda');
    const valid = {
      title: 'Меморандум',
      reviewerOrganizationId: prosecutorOffice,
      parties: [{ organizationId: akimat, signatoryId: akim.id }],
      clauses: [{ text: 'Бір тармақ.' }],
    };
    const cases: [object, string][] = [
      [{ ...valid, colour: 'red' }, 'colour'],
      [{ ...valid, clauses: [{ text: '   ' }] }, 'clauses[0].text'],
      [{ ...valid, clauses: Array.from({ length: 501 }, () => ({ text: 'т' })) }, 'clauses'],
      [{ ...valid, title: '' }, 'title'],
      [{ ...valid, parties: [{ organizationId: akimat, signatoryId: drafter.id }] }, 'parties[0].signatoryId'],
      [{ ...valid, reviewerOrganizationId: police }, 'reviewerOrganizationId'],
      [{ ...valid, parties: [{ organizationId: akimat, signatoryId: akim.id }, { organizationId: akimat, signatoryId: akim.id }] }, 'parties[1].organizationId'],
    ];
    for (const [body, field] of cases) {
      const response = await call('post', '/memoranda', drafter, body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await counts(t, 'memoranda')).toEqual(before);
    const remark = await call('post', v(4, 'return'), prosecutor, { remarks: [{ clause: 1, text: 'x' }] });
    expect(remark.status).toBe(409);
    await call('post', v(4, 'submit'), drafter);
    const before2 = await counts(t, 'memoranda');
    const missing = await call('post', v(4, 'return'), prosecutor, { remarks: [{ clause: 9, text: 'Мұндай тармақ жоқ.' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('remarks[0].clause');
    const empty = await call('put', v(4, 'clauses'), drafter, { clauses: [] });
    expect(empty.status).toBe(400);
    expect(await counts(t, 'memoranda')).toEqual(before2);
    expect((await call('get', `/memoranda/${memorandumId}/versions/4`, drafter)).body).toMatchObject({ status: 'in_review', remarks: [] });
  });

  it('ConcurrentApprovalsAndSignaturesOfAllParties_EachCountOnce_AndTheVersionEntersIntoForceOnce', async () => {
    const parties = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const organizationId = i === 0 ? akimat : await anOrganization(t, { kind: 'ethnocultural_centre', name: `Этномәдени орталық ${i}` });
        const signatory = i === 0 ? akim : await aUser(t, { organizationId, roles: ['signatory'] });
        return { organizationId, signatory };
      }),
    );
    const created = await call('post', '/memoranda', drafter, {
      title: 'Достық бөлмесі туралы меморандум',
      reviewerOrganizationId: prosecutorOffice,
      parties: parties.map((p) => ({ organizationId: p.organizationId, signatoryId: p.signatory.id })),
      clauses: [{ text: 'Тараптар бірлесіп жұмыс істейді.' }],
    });
    expect(created.status).toBe(201);
    memorandumId = created.body.id;
    await call('post', v(1, 'submit'), drafter);
    await call('post', v(1, 'clear'), prosecutor, {});

    const approvals = await Promise.all(parties.map((p) => call('post', v(1, 'approve'), p.signatory, {})));
    expect(approvals.map((r) => r.status)).toEqual(parties.map(() => 200));
    const hash = (await call('get', `/memoranda/${memorandumId}/versions/1`, drafter)).body.textHash;
    const signatures = await Promise.all(parties.map((p) => call('post', v(1, 'sign'), p.signatory, { signature: { textHash: hash } })));
    expect(signatures.map((r) => r.status)).toEqual(parties.map(() => 200));

    const version = (await call('get', `/memoranda/${memorandumId}/versions/1`, drafter)).body;
    expect(version.status).toBe('in_force');
    expect(new Set(version.approvals.map((a: { organizationId: string }) => a.organizationId)).size).toBe(6);
    expect(version.approvals).toHaveLength(6);
    expect(version.signatures).toHaveLength(6);
    expect(await journal('VersionApproved')).toBe(6);
    expect(await journal('VersionSigned')).toBe(6);
    expect(await journal('VersionEnteredIntoForce')).toBe(1);
  });

  it('Terminate_ByController_EndsTheMemorandum_AndEveryCommandAfterwardsIs409', async () => {
    expect((await call('post', `/memoranda/${memorandumId}/terminate`, drafter, { reason: 'Мерзімі өтті.' })).status).toBe(403);
    const terminated = await call('post', `/memoranda/${memorandumId}/terminate`, controller, { reason: 'Мерзімі өтті.' });
    expect(terminated.status).toBe(200);
    expect(terminated.body.status).toBe('terminated');
    const amend = await call('post', `/memoranda/${memorandumId}/amendments`, drafter, { reason: 'Тағы' });
    expect(amend.status).toBe(409);
    expect(amend.body.type).toMatch(/\/invalid-transition$/);
    const listed = await call('get', '/memoranda?status=terminated', controller);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([memorandumId]);
  });

  it('AuditChain_VerifiesAtTheEnd', async () => {
    const verdict = await call('get', '/audit/verify', t.adminToken);
    expect(verdict.status).toBe(200);
    expect(verdict.body.ok).toBe(true);
  });
});
