import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { FixedClock } from '@kelisim/kernel';
import { ADMIN_EMAIL, ADMIN_PASSWORD, anOrganization, aUser, PASSWORD, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';
import { launchChromium, serveOnLoopback, signInToConsole, strayText, waitForText } from '../support/browser.js';

/**
 * The web console in a real headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH)
 * against the whole platform on a real port: the controller's control view, the executor's tasks.
 * Tasks are issued on 1 April 2026 and the platform's clock then reads 8 April, 09:00 in Almaty.
 */
// A browser session per test: on a busy CI machine a few of them take longer than the default 30 s.
jest.setTimeout(120_000);

describe('web console in Chromium', () => {
  const clock = new FixedClock(new Date('2026-04-01T04:00:00Z'));
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let controller: TestUser;
  let akim: TestUser;
  const taskId: Record<string, string> = {};
  const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

  async function issue(key: string, executor: TestUser, dueAt: string, title: string): Promise<void> {
    const response = await t.http.post('/api/v1/tasks').set(bearer(controller)).send({ title, executorId: executor.id, dueAt });
    if (response.status !== 201) throw new Error(`issue ${key}: ${response.status} ${JSON.stringify(response.body)}`);
    taskId[key] = response.body.id;
  }

  const signedIn = (user: TestUser) => signInToConsole(browser, base, { email: user.email, password: PASSWORD }, { locale: 'ru-RU' });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    base = await serveOnLoopback(t.app);
    const akimat = await anOrganization(t, { name: 'Мақтаарал ауданы әкімдігі', kind: 'akimat' });
    controller = await aUser(t, { roles: ['controller'], organizationId: akimat, fullName: 'Аппарат әкімі', locale: 'ru' });
    const district = await anOrganization(t, { name: 'Жамбыл ауылдық округі', kind: 'rural_district', parentId: akimat });
    akim = await aUser(t, { organizationId: district, fullName: 'Жамбыл әкімі', locale: 'kk' });
    await issue('late', akim, '2026-04-03T18:00:00+05:00', 'Жол картасы бойынша есеп');
    await issue('later', akim, '2026-04-06T18:00:00+05:00', 'Мәдени іс-шаралар жоспары');
    await issue('open', akim, '2026-04-20T18:00:00+05:00', 'Этномәдени орталықпен кездесу');
    clock.set(new Date('2026-04-08T04:00:00Z'));
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('Console_Files_AreServedWithTheirTypesAndAContentSecurityPolicy', async () => {
    const page = await t.http.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = await t.http.get('/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await t.http.get('/app.js').set('If-None-Match', script.headers.etag)).status).toBe(304);
    // Only the console's own paths and methods: the API's paths stay the API's.
    const missing = await t.http.get('/api/v1/index.html');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    for (const outside of [t.http.get('/nothing-here'), t.http.post('/').send({})]) {
      const answer = await outside;
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('Texts_InEveryLanguage_HaveTheSameKeys_AndStatusesAndRolesAreTheKernelsGlossaryOnly', async () => {
    const { page } = await signedIn(controller);
    const found = await page.evaluate(async () => {
      type Texts = Record<'kk' | 'ru' | 'en', Record<string, string>>;
      const i18n = (await import('/i18n.js' as string)) as {
        LANGUAGES: ('kk' | 'ru' | 'en')[];
        keysOf: (language: string) => string[];
        translator: (language: string) => (key: string) => string;
      };
      const glossary = (await import('/glossary.js' as string)) as {
        GLOSSARY: Record<string, Record<string, string>>;
        privateDuplicates: (texts: Texts) => string[];
      };
      const texts = Object.fromEntries(
        i18n.LANGUAGES.map((language) => [language, Object.fromEntries(i18n.keysOf(language).map((key) => [key, i18n.translator(language)(key)]))]),
      ) as Texts;
      const terms = Object.entries(glossary.GLOSSARY);
      return {
        keys: i18n.LANGUAGES.map((language) => [...i18n.keysOf(language)].sort()),
        glossaryLanguages: [...new Set(terms.map(([, entry]) => Object.keys(entry).sort().join()))],
        emptyTerms: terms.flatMap(([key, entry]) => i18n.LANGUAGES.filter((language) => !entry[language]?.trim()).map((language) => `${key}/${language}`)),
        // The console's own texts neither take a glossary key nor repeat a glossary term.
        sharedKeys: i18n.keysOf('kk').filter((key) => key in glossary.GLOSSARY),
        duplicates: glossary.privateDuplicates(texts),
        termInConsole: i18n.translator('kk')('versionStatus.superseded'),
      };
    });
    expect(found.keys).toHaveLength(3);
    expect(found.keys[1]).toEqual(found.keys[0]);
    expect(found.keys[2]).toEqual(found.keys[0]);
    expect(found.glossaryLanguages).toEqual(['en,kk,ru']);
    expect(found.emptyTerms).toEqual([]);
    expect(found.sharedKeys).toEqual([]);
    expect(found.duplicates).toEqual([]);
    expect(found.termInConsole).toBe('Жаңа нұсқамен ауыстырылды');
    await page.context().close();
  });

  it('Controller_OpensTheConsole_SeesTheSummaryAndTheOverdueListInTheirLanguage', async () => {
    const { page, errors } = await signedIn(controller);
    await expect(page.textContent('h1')).resolves.toBe('Контроль исполнения поручений');
    const summary = page.locator('#summary table');
    await summary.waitFor();
    // Жамбыл: 3 tasks, 2 overdue, none done: discipline 0 %.
    const row = summary.locator('tbody tr', { hasText: 'Жамбыл ауылдық округі' });
    await expect(row.locator('td').allTextContents()).resolves.toEqual(['Жамбыл ауылдық округі', '3', '0', '2', '0', '0']);
    await expect(page.locator('#summary svg[role=img] rect').count()).resolves.toBe(1);

    const overdue = page.locator('#overdue tbody tr');
    await overdue.first().waitFor();
    // Most overdue first: due 3 April is 5 started days late on 8 April, 09:00; due 6 April, 2.
    await expect(overdue.locator('td:first-child').allTextContents()).resolves.toEqual(['Жол картасы бойынша есеп', 'Мәдени іс-шаралар жоспары']);
    await expect(overdue.locator('td:last-child').allTextContents()).resolves.toEqual(['5', '2']);
    await expect(overdue.first().locator('td').nth(1).textContent()).resolves.toBe('Жамбыл әкімі');
    await expect(overdue.first().locator('td').nth(3).textContent()).resolves.toBe('3 апреля 2026 г., 18:00 (Алматы)');
    expect(await strayText(page)).toEqual([]);
    await page.click('#overdue button[data-sort=daysOverdue]');
    await page.waitForFunction(() => document.querySelector('#overdue tbody td:last-child')?.textContent === '2');

    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Execution control');
    await expect(page.textContent('#overdue h2')).resolves.toBe('Overdue tasks');
    await page.selectOption('#language', 'kk');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Тапсырмалардың орындалуын бақылау');
    // Dates from the kernel's kk table, not Chromium's fallback («2026 M04 3 18:00 GMT+5»).
    await page.waitForFunction(() => document.querySelector('#overdue tbody tr td:nth-child(4)')?.textContent?.includes(' ж. '));
    const late = page.locator('#overdue tbody tr', { hasText: 'Жол картасы бойынша есеп' });
    await expect(late.locator('td').nth(3).textContent()).resolves.toBe('2026 ж. 3 сәуір, 18:00 (Алматы)');
    expect(await page.locator('body').innerText()).not.toMatch(/GMT|\bM\d{2}\b/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Controller_Exports_GetsTheWorkbookOfTheSummary', async () => {
    const { page } = await signedIn(controller);
    await page.locator('#summary table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    expect(download.suggestedFilename()).toMatch(/^kelisim-control-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String));
    expect(cells).toContain('Жамбыл ауылдық округі');
    await page.context().close();
  });

  it('Executor_AcknowledgesAndReports_TheTaskMovesOnAndTheControlViewIsClosedToThem', async () => {
    const { page, errors } = await signedIn(akim);
    await expect(page.textContent('h1')).resolves.toBe('Менің тапсырмаларым');
    await expect(page.locator('header nav a[href="#/control"]').count()).resolves.toBe(0);
    const card = page.locator(`article[data-task="${taskId.late}"]`);
    await expect(card.locator('.status').textContent()).resolves.toBe('Тағайындалды');
    await expect(card.locator('.badge').first().textContent()).resolves.toBe('Мерзімі өтті');
    await expect(card.locator('.meta').textContent()).resolves.toContain('18:00'); // the deadline in Almaty, not the browser's UTC

    expect(await strayText(page)).toEqual([]);
    await card.locator('button.acknowledge').click();
    await page.waitForFunction((id) => document.querySelector(`article[data-task="${id}"] .status`)?.textContent === 'Орындалуда', taskId.late);
    await card.locator('form.report textarea').fill('Жол картасының II кезеңі орындалды, есеп қоса беріліп отыр.');
    await card.locator('form.report button[type=submit]').click();
    await page.waitForFunction((id) => document.querySelector(`article[data-task="${id}"] .status`)?.textContent === 'Есеп жіберілді', taskId.late);

    const task = await t.http.get(`/api/v1/tasks/${taskId.late}`).set(bearer(controller));
    expect(task.body.status).toBe('report_submitted');
    expect(task.body.reports.map((r: { text: string }) => r.text)).toEqual(['Жол картасының II кезеңі орындалды, есеп қоса беріліп отыр.']);

    await page.goto(`${base}/#/control`);
    await page.waitForSelector('p.alert');
    await expect(page.textContent('p.alert')).resolves.toBe('Бұл бетті көруге рұқсатыңыз жоқ.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Executor_RequestsAnExtension_TheRequestIsOnRecordWithItsReason', async () => {
    const { page } = await signedIn(akim);
    const card = page.locator(`article[data-task="${taskId.open}"]`);
    await card.locator('details summary').click();
    await card.locator('form.extension input[name=proposedDueAt]').fill('2026-04-27T18:00');
    await card.locator('form.extension input[name=reason]').fill('Орталық жөндеуде.');
    await card.locator('form.extension button[type=submit]').click();
    await page.waitForFunction((id) => !document.querySelector(`article[data-task="${id}"] details[open]`), taskId.open);
    const task = await t.http.get(`/api/v1/tasks/${taskId.open}`).set(bearer(controller));
    expect(task.body.extensionRequests).toHaveLength(1);
    // 18:00 typed by an executor with no zone of their own is 18:00 in Almaty, whatever the browser's zone.
    expect(task.body.extensionRequests[0]).toMatchObject({ reason: 'Орталық жөндеуде.', proposedDueAt: '2026-04-27T13:00:00.000Z' });
    await page.context().close();
  });

  it('Controller_ReturnsTheReportAndApprovesTheExtension_FromTheTasksPage', async () => {
    const { page, errors } = await signedIn(controller);
    await page.click(`#review li[data-task="${taskId.late}"] a`);
    await page.waitForSelector('#task-actions');
    await expect(page.textContent('h1')).resolves.toBe('Жол картасы бойынша есеп');
    await page.fill('#task-actions form:has(#return-report) input[name=reason]', 'Приложите списки участников.');
    await page.click('#return-report');
    await page.waitForSelector('#reports .decision.returned');
    await expect(page.textContent('#reports .decision.returned')).resolves.toBe('Возвращён: Приложите списки участников.');
    await expect(page.textContent('.task-page .status')).resolves.toBe('В работе');
    expect(await strayText(page)).toEqual([]);

    await page.goto(`${base}/#/tasks/${taskId.open}`);
    await page.click('#approve-extension');
    await page.waitForFunction(() => document.querySelector('#extension-requests li')?.textContent?.endsWith('Одобрено'));
    const task = await t.http.get(`/api/v1/tasks/${taskId.open}`).set(bearer(controller));
    expect(task.body).toMatchObject({ dueAt: '2026-04-27T13:00:00.000Z', originalDueAt: '2026-04-20T13:00:00.000Z', extensionCount: 1 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Executor_OnATasksPage_HasNoControllersSteps', async () => {
    const { page } = await signedIn(akim);
    await page.goto(`${base}/#/tasks/${taskId.late}`);
    await page.waitForSelector('#task-actions');
    await expect(page.locator('#accept-report, #return-report, #cancel-task, #approve-extension').count()).resolves.toBe(0);
    await expect(page.locator('#task-actions form.report').count()).resolves.toBe(1);
    await page.context().close();
  });

  it('Controller_IssuesATaskInWorkingDays_LandsOnItsPage_AndANoDeadlineFormChangesNothing', async () => {
    const { page, errors } = await signedIn(controller);
    const count = async () => (await t.http.get('/api/v1/tasks?limit=200').set(bearer(controller))).body.items.length as number;
    const before = await count();
    await page.click('#new-task');
    const form = page.locator('#new-task-form');
    await form.waitFor();
    await form.locator('input[name=title]').fill('Ақпараттық-түсіндіру кездесулерінің кестесін ұсыну');
    await form.locator('select[name=executors]').selectOption(akim.id);
    await form.locator('button[type=submit]').click();
    // Neither a deadline nor working days: the API's 400 names the field, and nothing was issued.
    await form.locator('.alert').waitFor();
    expect(await count()).toBe(before);

    await form.locator('input[name=dueInWorkingDays]').fill('3');
    await form.locator('select[name=priority]').selectOption('high');
    await form.locator('button[type=submit]').click();
    await waitForText(page, 'h1', 'Ақпараттық-түсіндіру кездесулерінің кестесін ұсыну');
    const id = new URL(page.url()).hash.replace('#/tasks/', '');
    const task = await t.http.get(`/api/v1/tasks/${id}`).set(bearer(controller));
    // Wednesday 8 April + 3 working days = Monday 13 April, 18:00 in Almaty.
    expect(task.body).toMatchObject({ executorId: akim.id, priority: 'high', dueAt: '2026-04-13T13:00:00.000Z', status: 'assigned' });
    expect(await count()).toBe(before + 1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Controller_IssuesAMonthlyTask_ThreeInstancesEachDueAt18InAlmaty', async () => {
    const { page, errors } = await signedIn(controller);
    await page.goto(`${base}/#/tasks/new`);
    const form = page.locator('#new-task-form');
    await form.waitFor();
    await form.locator('input[name=title]').fill('Ай сайынғы ахуал туралы ақпарат');
    await form.locator('select[name=executors]').selectOption(akim.id);
    await form.locator('select[name=frequency]').selectOption('MONTHLY');
    await form.locator('input[name=monthDay]').fill('10');
    await form.locator('input[name=count]').fill('3');
    await form.locator('button[type=submit]').click();
    await waitForText(page, 'h1', 'Выдано поручений: 3');
    await expect(page.locator('#issued li').count()).resolves.toBe(3);
    const mine = await t.http.get(`/api/v1/tasks?executorId=${akim.id}&limit=200`).set(bearer(controller));
    const monthly = mine.body.items.filter((task: { title: string }) => task.title === 'Ай сайынғы ахуал туралы ақпарат');
    expect(monthly).toHaveLength(3);
    for (const task of monthly) expect(task).toMatchObject({ recurrenceId: expect.any(String), dueAt: expect.stringMatching(/T13:00:00\.000Z$/) });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Controller_SchedulesHoldsAndMinutesAMeeting_TheApprovedProtocolIssuesTheDecisionsTask', async () => {
    const { page, errors } = await signedIn(controller);
    await page.goto(`${base}/#/groups`);
    await page.click('#schedule-meeting');
    const form = page.locator('#meeting-form');
    await form.waitFor();
    await form.locator('input[name=title]').fill('Ұлтаралық келісім жөніндегі кеңес');
    await form.locator('input[name=scheduledAt]').fill('2026-04-09T10:00');
    await form.locator('input[name=location]').fill('Әкімдік, мәжіліс залы');
    await form.locator('select[name=chairId]').selectOption(controller.id);
    await form.locator('select[name=participantIds]').selectOption([akim.id]);
    await form.locator('textarea[name=agenda]').fill('Ахуал туралы\nМеморандум туралы');
    await form.locator('button[type=submit]').click();
    await waitForText(page, 'h1', 'Ұлтаралық келісім жөніндегі кеңес');
    await expect(page.locator('#agenda li').count()).resolves.toBe(2);
    await expect(page.textContent('.meta')).resolves.toContain('10:00'); // 10:00 typed is 10:00 in Almaty

    expect(await strayText(page)).toEqual([]);
    await page.click('#hold-meeting');
    await page.waitForSelector('#decision-form');
    await page.fill('#decision-form textarea[name=text]', 'Ауылдарда түсіндіру жұмыстары жүргізілсін.');
    await page.fill('#decision-form input[name=taskTitle]', 'Түсіндіру кездесулерін өткізу');
    await page.selectOption('#decision-form select[name=executors]', [akim.id]);
    await page.fill('#decision-form input[name=dueInWorkingDays]', '7');
    await page.click('#record-decision');
    await page.waitForSelector('#decisions > li[data-decision="1"]');
    await page.click('#approve-protocol');
    await page.waitForFunction(() => document.querySelector('.meta')?.textContent?.startsWith('Протокол утверждён'));
    await expect(page.locator('#meeting-actions').count()).resolves.toBe(0);

    // The protocol saga issues the decision's task through the outbox: it reaches the executor shortly after.
    let issued: { title: string; dueAt: string }[] = [];
    for (let i = 0; i < 100 && issued.length === 0; i++) {
      const mine = await t.http.get(`/api/v1/tasks?executorId=${akim.id}&limit=200`).set(bearer(akim));
      issued = mine.body.items.filter((task: { title: string }) => task.title === 'Түсіндіру кездесулерін өткізу');
      if (issued.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(issued).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Controller_FormsAGroup_ChangesItsMembersAndDisbandsIt_WithHistoryKept', async () => {
    const { page, errors } = await signedIn(controller);
    const admin = (await t.http.get('/api/v1/me').set('Authorization', `Bearer ${t.adminToken}`)).body.id as string;
    await page.goto(`${base}/#/groups`);
    await page.click('#form-group');
    const form = page.locator('#group-form');
    await form.waitFor();
    await form.locator('input[name=name]').fill('Арнайы жұмыс тобы');
    await form.locator('textarea[name=mandate]').fill('Этносаралық қақтығыстардың алдын алу.');
    await form.locator('select[name=chairId]').selectOption(akim.id);
    await form.locator('select[name=memberIds]').selectOption([controller.id]);
    await form.locator('button[type=submit]').click();
    await waitForText(page, 'h1', 'Арнайы жұмыс тобы');
    await expect(page.locator('#members li').count()).resolves.toBe(2);

    await page.selectOption('#membership-form select[name=userId]', admin);
    await page.selectOption('#membership-form select[name=role]', 'secretary');
    await page.click('#add-member');
    await page.waitForSelector(`#members li[data-member="${admin}"][data-role=secretary]`);
    await page.click(`#members li[data-member="${controller.id}"] .remove-member`);
    await page.waitForSelector('#former-members li');
    await expect(page.locator('#members li').count()).resolves.toBe(2);

    expect(await strayText(page)).toEqual([]);
    await page.click('#membership-form details summary');
    await page.click('#disband-group');
    await waitForText(page, '.meta', 'Расформирована');
    await expect(page.locator('#membership-form').count()).resolves.toBe(0);
    const id = new URL(page.url()).hash.replace('#/groups/', '');
    const group = await t.http.get(`/api/v1/working-groups/${id}`).set(bearer(controller));
    expect(group.body).toMatchObject({ status: 'disbanded', chairId: akim.id, secretaryId: admin });
    expect(group.body.history).toContainEqual(expect.objectContaining({ userId: controller.id, role: 'member', leftAt: expect.any(String) }));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Admin_AddsAnOrganizationAndAPerson_WhoSignsIn_ThenDeactivatesThem_AndOthersMayNotSeeTheDirectory', async () => {
    const { page, errors } = await signInToConsole(browser, base, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, { hash: '#/directory', locale: 'en-GB' });
    await page.selectOption('#language', 'en');
    await page.waitForSelector('#organization-form');
    await page.fill('#organization-form input[name=name]', 'Атакент ауылдық округі');
    await page.fill('#organization-form input[name=bin]', '070140007776');
    await page.selectOption('#organization-form select[name=kind]', 'rural_district');
    await page.selectOption('#organization-form select[name=parentId]', { label: 'Мақтаарал ауданы әкімдігі' });
    await page.click('#organization-form button[type=submit]');
    await page.waitForFunction(() => [...document.querySelectorAll('#organizations td:first-child')].some((td) => td.textContent === 'Атакент ауылдық округі'));

    const email = 'atakent-akim@kelisim.test';
    await page.fill('#user-form input[name=fullName]', 'Атакент әкімі');
    await page.fill('#user-form input[name=email]', email);
    await page.fill('#user-form input[name=iin]', '811202400670');
    await page.selectOption('#user-form select[name=organizationId]', { label: 'Атакент ауылдық округі' });
    await page.selectOption('#user-form select[name=locale]', 'kk');
    await page.fill('#user-form input[name=password]', 'atakent-password-1');
    await page.check('#user-form input[name=roles][value=signatory]');
    await page.click('#user-form button[type=submit]');
    const row = page.locator('#people tr', { hasText: email });
    await row.waitFor();
    await expect(row.locator('td.iin').textContent()).resolves.toBe('811202400670');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('Signatory');
    await expect(page.locator('#organizations tr', { hasText: 'Атакент ауылдық округі' }).locator('td.bin').textContent()).resolves.toBe('070140007776');
    expect(await strayText(page)).toEqual([]);

    const newcomer = await signInToConsole(browser, base, { email, password: 'atakent-password-1' });
    await waitForText(newcomer.page, 'h1', 'Менің тапсырмаларым');
    await newcomer.page.context().close();

    await row.locator('.toggle-active').click();
    await page.waitForFunction((e) => [...document.querySelectorAll('#people tr')].some((tr) => tr.textContent?.includes(e) && tr.classList.contains('inactive')), email);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'atakent-password-1' });
    expect(login.status).toBe(401);
    expect(errors).toEqual([]);
    await page.context().close();

    const { page: controllerPage } = await signedIn(controller);
    await controllerPage.goto(`${base}/#/directory`);
    await controllerPage.waitForSelector('p.alert');
    await expect(controllerPage.locator('#organization-form').count()).resolves.toBe(0);
    await expect(controllerPage.locator('header nav a[href="#/directory"]').count()).resolves.toBe(0);
    await controllerPage.context().close();
  });

  it('Admin_AddsADayOffToTheCalendar_DeadlinesInWorkingDaysSkipIt_AndOthersOnlyRead', async () => {
    const { page, errors } = await signInToConsole(browser, base, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, { hash: '#/calendar/2026' });
    await page.selectOption('#language', 'en');
    await waitForText(page, 'h1', 'Working calendar 2026');
    await expect(page.textContent('#holidays')).resolves.toContain('Nauryz');
    await page.fill('#add-holiday input[name=date]', '2026-04-10');
    await page.click('#add-holiday button[type=submit]');
    await page.waitForSelector('#holidays li[data-date="2026-04-10"]');
    await expect(page.textContent('#holidays li[data-date="2026-04-10"]')).resolves.toContain('Day off (transfer)');
    expect(await strayText(page)).toEqual([]);

    // Wednesday 8 April + 3 working days, Friday 10 April now off: Tuesday 14 April, 18:00 in Almaty.
    const issued = await t.http.post('/api/v1/tasks').set(bearer(controller)).send({ title: 'Күнтізбе бойынша', executorId: akim.id, dueInWorkingDays: 3 });
    expect(issued.body.dueAt).toBe('2026-04-14T13:00:00.000Z');

    await page.click('#holidays li[data-date="2026-04-10"] .remove-day');
    await page.waitForFunction(() => !document.querySelector('#holidays li[data-date="2026-04-10"]'));
    const calendar = await t.http.get('/api/v1/calendar/2026').set(bearer(controller));
    expect(calendar.body.daysOff).not.toContain('2026-04-10');
    expect(errors).toEqual([]);
    await page.context().close();

    const { page: reader } = await signedIn(controller);
    await reader.goto(`${base}/#/calendar/2026`);
    await reader.waitForSelector('#holidays li');
    await expect(reader.locator('#add-holiday, #add-workday, .remove-day').count()).resolves.toBe(0);
    await reader.context().close();
  });

  it('Anyone_WithAWrongPassword_StaysOnTheSignInFormWithTheReason', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.fill('#login input[name=email]', akim.email);
    await page.fill('#login input[name=password]', 'not-the-password');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#login .alert');
    await expect(page.locator('#logout').count()).resolves.toBe(0);
    await context.close();
  });
});
