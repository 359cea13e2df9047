import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { aMemorandumReadyToSign, anOrganization, aUser, counts, makeTestPki, NcaLayerStandIn, PASSWORD, signCms, startTestApp, type TestApp, type TestPki, type TestUser } from '@kelisim/testing';
import { launchChromium, serveOnLoopback, signInToConsole, strayText, waitForText } from '../support/browser.js';

/**
 * Acting officials (issue 13) in Chromium: an admin records in the console that the police chief's
 * deputy acts for him (И.о.), with the order it rests on; the console shows the API's refusals
 * (self, another organization, back-dated, overlapping) and keeps the page from everyone but admins
 * and heads; the deputy then signs the memorandum version for the police with their own ЭЦП through
 * the NCALayer stand-in, and the console shows "deputy, И.о. chief" wherever the act appears.
 */
describe('acting officials in the console', () => {
  const ZONE = 'Asia/Almaty';
  const HOUR = 3_600_000;
  let pki: TestPki;
  let t: TestApp;
  let browser: Browser;
  let ncalayer: NcaLayerStandIn;
  let base: string;
  let akimat: string;
  let police: string;
  let admin: TestUser;
  let akim: TestUser;
  let policeHead: TestUser;
  let chief: TestUser;
  let deputy: TestUser;
  let colleague: TestUser;
  let memorandumId: string;

  /** `YYYY-MM-DDTHH:mm` in Almaty: what a person types into the console's date-time fields. */
  const wallTime = (at: Date): string => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(at)
        .map((part) => [part.type, part.value]),
    );
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
  };
  const substitutions = async (): Promise<{ principalId: string; deputyId: string; basis: { orderNumber: string; orderDate: string }; status: string; id: string }[]> =>
    (await t.http.get('/api/v1/substitutions').set('Authorization', `Bearer ${admin.token}`)).body.items;

  async function fillSubstitution(page: Page, values: { principal: TestUser; deputy: TestUser; from?: Date; to: Date; orderNumber: string }): Promise<void> {
    const form = page.locator('#substitution-form');
    await form.locator('select[name=principalId]').selectOption(values.principal.id);
    await form.locator('select[name=deputyId]').selectOption(values.deputy.id);
    if (values.from) await form.locator('input[name=from]').fill(wallTime(values.from));
    await form.locator('input[name=to]').fill(wallTime(values.to));
    await form.locator('input[name=orderNumber]').fill(values.orderNumber);
    await form.locator('input[name=orderDate]').fill('2026-12-01');
    await form.locator('button[type=submit]').click();
  }
  const problemAfter = async (page: Page, values: Parameters<typeof fillSubstitution>[1]): Promise<{ text: string; invalid: string[] }> => {
    await page.evaluate(() => document.querySelector('#substitution-problem')?.remove());
    await fillSubstitution(page, values);
    const text = (await page.locator('#substitution-problem').textContent({ timeout: 60_000 })) ?? '';
    const invalid = await page.locator('#substitution-form [aria-invalid=true]').evaluateAll((inputs) => inputs.map((input) => input.getAttribute('name') ?? ''));
    return { text, invalid };
  };

  beforeAll(async () => {
    pki = await makeTestPki();
    t = await startTestApp({ env: { KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: pki.path(pki.ca), KELISIM_EDS_REQUIRE_TSP: 'false' } });
    base = await serveOnLoopback(t.app);
    akimat = await anOrganization(t, { name: pki.organizations.akimat.name, kind: 'akimat', bin: pki.organizations.akimat.bin });
    police = await anOrganization(t, { name: pki.organizations.police.name, kind: 'police', bin: pki.organizations.police.bin });
    const prosecutors = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    admin = await aUser(t, { organizationId: akimat, roles: ['admin'], fullName: 'Жүйе әкімшісі', locale: 'ru' });
    akim = await aUser(t, { organizationId: akimat, roles: ['signatory'], fullName: 'Әбділдаев Ғалым Қайратұлы', iin: pki.people.akim, locale: 'ru' });
    policeHead = await aUser(t, { organizationId: police, fullName: 'Облыстық басқарманың бастығы', locale: 'ru' });
    chief = await aUser(t, { organizationId: police, roles: ['signatory'], fullName: 'Нұрланов Өмірзақ Үсенұлы', iin: pki.people.chief, headId: policeHead.id, locale: 'ru' });
    deputy = await aUser(t, { organizationId: police, fullName: 'Төлеуов Асхат Болатұлы', iin: pki.people.deputy, headId: chief.id, locale: 'ru' });
    colleague = await aUser(t, { organizationId: police, fullName: 'Полиция бөлімінің қызметкері', locale: 'ru' });
    const prosecutor = await aUser(t, { organizationId: prosecutors, roles: ['prosecutor'] });
    memorandumId = await aMemorandumReadyToSign(t, { akim, chief, prosecutor }, { akimat, police, prosecutors });
    ncalayer = await NcaLayerStandIn.reserve(pki);
    browser = await launchChromium(ncalayer.chromiumArgs());
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await ncalayer?.stop();
    await t?.close();
    await pki?.remove();
  });

  it('SubstitutionsPage_ForSomeoneNeitherAdminNorHead_IsNotInTheMenuNorOpen_AndTheApiRefuses', async () => {
    const { page, errors } = await signInToConsole(browser, base, { email: colleague.email, password: PASSWORD });
    await page.goto(`${base}/#/substitutions`);
    await waitForText(page, 'main p.alert', 'У вас нет доступа к этой странице.');
    await expect(page.locator('#nav-substitutions').count()).resolves.toBe(0);
    await expect(page.locator('#substitution-form').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();

    const before = await counts(t, 'substitutions');
    const refused = await t.http
      .post('/api/v1/substitutions')
      .set('Authorization', `Bearer ${colleague.token}`)
      .send({ principalId: chief.id, deputyId: deputy.id, from: new Date().toISOString(), to: new Date(Date.now() + 8 * HOUR).toISOString(), basis: { orderNumber: '1', orderDate: '2026-12-01' } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SUBSTITUTION.NOT_ALLOWED' });
    expect(await counts(t, 'substitutions')).toEqual(before);
  }, 120_000);

  it('SubstitutionsPage_ForAHead_ShowsTheApisRefusalsNamingTheField_AndRecordsNothing', async () => {
    const before = await counts(t, 'substitutions');
    const { page, errors } = await signInToConsole(browser, base, { email: policeHead.email, password: PASSWORD });
    await page.click('#nav-substitutions');
    await waitForText(page, 'h1', 'Исполняющие обязанности (И.о.)');
    await waitForText(page, '#substitutions p.muted', 'Текущих и предстоящих замещений нет.');
    // A head picks among the people below them only.
    const principals = await page.locator('#substitution-form select[name=principalId] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(principals.sort()).toEqual([chief.id, deputy.id].sort());

    const tomorrow = new Date(Date.now() + 24 * HOUR);
    expect(await problemAfter(page, { principal: chief, deputy: chief, to: tomorrow, orderNumber: '214 ж/қ' })).toEqual({
      text: 'Ошибка: Исполняющим обязанности не может быть сам замещаемый: выберите другого сотрудника (deputyId).',
      invalid: ['deputyId'],
    });
    expect(await problemAfter(page, { principal: chief, deputy: akim, to: tomorrow, orderNumber: '214 ж/қ' })).toEqual({
      text: 'Ошибка: Исполняющий обязанности должен быть сотрудником той же организации (deputyId).',
      invalid: ['deputyId'],
    });
    expect(await problemAfter(page, { principal: chief, deputy, from: new Date(Date.now() - 24 * HOUR), to: tomorrow, orderNumber: '214 ж/қ' })).toEqual({
      text: 'Ошибка: Замещение не может начинаться задним числом: начало не раньше текущего момента (from).',
      invalid: ['from'],
    });
    expect(await strayText(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
    expect(await counts(t, 'substitutions')).toEqual(before);
  }, 180_000);

  it('SubstitutionsPage_AnAdminRecordsTheDeputy_ItIsListedAsActingForTheChief_AndAnOverlapIsRefused', async () => {
    const { page, errors } = await signInToConsole(browser, base, { email: admin.email, password: PASSWORD }, { hash: '#/substitutions' });
    await page.locator('#substitution-form').waitFor();
    await fillSubstitution(page, { principal: chief, deputy, to: new Date(Date.now() + 48 * HOUR), orderNumber: '214 ж/қ' });
    const row = page.locator('#substitutions tbody tr');
    await row.first().waitFor({ timeout: 60_000 });
    const cells = await row.first().locator('td').allTextContents();
    expect(cells[0]).toBe('Төлеуов Асхат Болатұлы, И.о. Нұрланов Өмірзақ Үсенұлы');
    expect(cells[1]).toBe('Нұрланов Өмірзақ Үсенұлы');
    expect(cells[3]).toBe('Приказ № 214 ж/қ от 1 декабря 2026 г.');
    expect(cells[4]).toBe('Действует');
    const [recorded] = await substitutions();
    expect(recorded).toMatchObject({ principalId: chief.id, deputyId: deputy.id, basis: { orderNumber: '214 ж/қ', orderDate: '2026-12-01' }, status: 'current' });

    expect(await problemAfter(page, { principal: chief, deputy: colleague, to: new Date(Date.now() + 24 * HOUR), orderNumber: '215 ж/қ' })).toEqual({
      text: 'Ошибка: На часть этого периода у замещаемого уже есть исполняющий обязанности (from).',
      invalid: ['from'],
    });
    expect(await substitutions()).toHaveLength(1);
    expect(await strayText(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('Deputy_SignsThePolicesVersionWithTheirOwnEds_ItCounts_AndTheConsoleShowsActingForTheChief', async () => {
    await ncalayer.start();
    const version = async () => (await t.http.get(`/api/v1/memoranda/${memorandumId}/versions/1`).set('Authorization', `Bearer ${akim.token}`)).body;
    const acting = 'Төлеуов Асхат Болатұлы, И.о. Нұрланов Өмірзақ Үсенұлы';
    const { page, errors } = await signInToConsole(browser, base, { email: deputy.email, password: PASSWORD }, { hash: `#/memoranda/${memorandumId}` });
    // The step is the chief's, offered to the deputy as such.
    await waitForText(page, '#acting-for', 'И.о. Нұрланов Өмірзақ Үсенұлы');
    await expect(page.locator('#sign-eds').textContent()).resolves.toBe('Подписать ЭЦП');

    // The chief's own key in the deputy's hands: refused, nothing recorded.
    const before = await counts(t);
    ncalayer.behaviour = { sign: 'chief' };
    await page.click('#sign-eds');
    await waitForText(page, '#version .alert', `Ошибка: Сертификат принадлежит другому лицу (ИИН ${pki.people.chief}), а не подписывающему.`);
    expect(await counts(t)).toEqual(before);

    ncalayer.behaviour = { sign: 'deputy' };
    await page.click('#sign-eds');
    await page.waitForSelector('#no-action', { timeout: 60_000 });
    const [signature] = (await version()).signatures;
    expect(signature).toMatchObject({ organizationId: police, by: deputy.id, actingFor: chief.id, eds: { signer: { iin: pki.people.deputy, bin: pki.organizations.police.bin, commonName: 'ТӨЛЕУОВ АСХАТ' } } });
    const state = page.locator(`#parties tr[data-party="${police}"] td`).nth(2);
    await expect(state.locator('.acting').textContent()).resolves.toBe(acting);
    await expect(state.textContent()).resolves.toContain(`(ЭЦП: ТӨЛЕУОВ АСХАТ, сертификат № ${signature.eds.signer.serialNumber})`);
    await expect(page.locator('#history li[data-action=sign] .acting').textContent()).resolves.toBe(acting);
    // The chief approved in person: his name alone.
    await expect(page.locator(`#history li[data-action=approve] .by`).allTextContents()).resolves.toEqual(['Әбділдаев Ғалым Қайратұлы', 'Нұрланов Өмірзақ Үсенұлы']);
    expect(await strayText(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();

    // The deputy's signature counts as the police's: once the akim signs too, the version is in force.
    const payload = (await t.http.get(`/api/v1/memoranda/${memorandumId}/versions/1/signing-payload`).set('Authorization', `Bearer ${akim.token}`)).body;
    const cms = (await signCms(pki, Buffer.from(payload.payloadB64, 'base64'), 'akim')).toString('base64');
    const signed = await t.http.post(`/api/v1/memoranda/${memorandumId}/versions/1/sign`).set('Authorization', `Bearer ${akim.token}`).send({ signature: { cms } });
    expect(signed.status).toBe(200);
    expect((await version()).status).toBe('in_force');

    // The akim reads the memorandum: the police's signature is the deputy's, for the chief, in the akim's language too.
    const akimsView = await signInToConsole(browser, base, { email: akim.email, password: PASSWORD }, { hash: `#/memoranda/${memorandumId}` });
    await waitForText(akimsView.page, `#parties tr[data-party="${police}"] .acting`, acting);
    await akimsView.page.selectOption('#language', 'kk');
    await waitForText(akimsView.page, `#parties tr[data-party="${police}"] .acting`, 'Төлеуов Асхат Болатұлы, м.а. Нұрланов Өмірзақ Үсенұлы');
    await akimsView.page.selectOption('#language', 'en');
    await waitForText(akimsView.page, `#parties tr[data-party="${police}"] .acting`, 'Төлеуов Асхат Болатұлы, Acting for Нұрланов Өмірзақ Үсенұлы');
    expect(akimsView.errors).toEqual([]);
    await akimsView.page.context().close();
  }, 240_000);

  it('Deputy_MyTasks_ShowTheChiefsTaskMarkedActingForHim_AndTheReportIsTheDeputysForTheChief', async () => {
    const controller = await aUser(t, { organizationId: akimat, roles: ['controller'], fullName: 'Аппарат басшысы', locale: 'ru' });
    const issued = await t.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'Қоғамдық тәртіп жоспары', executorId: chief.id, dueAt: new Date(Date.now() + 72 * HOUR).toISOString() });
    expect(issued.status).toBe(201);
    const taskId: string = issued.body.id;
    const { page, errors } = await signInToConsole(browser, base, { email: deputy.email, password: PASSWORD }, { hash: '#/tasks' });
    const card = page.locator(`article[data-task="${taskId}"]`);
    await card.waitFor({ timeout: 60_000 });
    await expect(card.locator('.badge.acting').textContent()).resolves.toBe('И.о. Нұрланов Өмірзақ Үсенұлы');
    await card.locator('button.acknowledge').click();
    await page.waitForSelector(`article[data-task="${taskId}"] .status.in_progress`);
    await card.locator('form.report textarea').fill('Жоспар бекітілді.');
    await card.locator('form.report button[type=submit]').click();
    await page.waitForSelector(`article[data-task="${taskId}"] .status.report_submitted`);

    await page.goto(`${base}/#/tasks/${taskId}`);
    await waitForText(page, '#reports .acting', 'Төлеуов Асхат Болатұлы, И.о. Нұрланов Өмірзақ Үсенұлы');
    // The task's timeline: the controller assigned it; the deputy acknowledged and reported, for the chief.
    await expect(page.locator('#task-history li[data-event=TaskAssigned] .by').textContent()).resolves.toBe('Аппарат басшысы');
    await expect(page.locator('#task-history li[data-event=TaskAcknowledged] .acting').textContent()).resolves.toBe('Төлеуов Асхат Болатұлы, И.о. Нұрланов Өмірзақ Үсенұлы');
    await expect(page.locator('#task-history li[data-event=TaskReportSubmitted] .acting').textContent()).resolves.toBe('Төлеуов Асхат Болатұлы, И.о. Нұрланов Өмірзақ Үсенұлы');
    const task = (await t.http.get(`/api/v1/tasks/${taskId}`).set('Authorization', `Bearer ${controller.token}`)).body;
    expect(task.reports).toMatchObject([{ submittedBy: deputy.id, actingFor: chief.id }]);
    expect(await strayText(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
