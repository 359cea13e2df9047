import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '@kelisim/testing';
import { launchChromium, serveOnLoopback, signInToConsole, strayText, waitForText } from '../support/browser.js';
import { DemoClock } from '../../apps/api/src/demo/demo-clock.js';
import { DEMO_MAIL_DOMAIN, DEMO_PASSWORD } from '../../apps/api/src/demo/demo-data.js';
import { type DemoSummary, loadDemo } from '../../apps/api/src/demo/demo-loader.js';

/**
 * The console's memorandum and working-group pages in Chromium, over the Maktaaral demo: version 2
 * of the 2021 memorandum in review at the prosecutor's office, the meeting, its two working groups.
 */
describe('web console over the Maktaaral story', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let summary: DemoSummary;

  const signedIn = (login: string, hash: string) =>
    signInToConsole(browser, base, { email: `${login}@${DEMO_MAIL_DOMAIN}`, password: DEMO_PASSWORD }, { hash });

  beforeAll(async () => {
    t = await startTestApp({ clock: new DemoClock() });
    summary = await loadDemo(t.app);
    base = await serveOnLoopback(t.app);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('Prosecutor_OpensVersion2_SeesPartiesDiffAndClearsIt', async () => {
    const { page, errors } = await signedIn('prokuror', '#/memoranda');
    const row = page.locator(`#memoranda tr[data-memorandum="${summary.memorandum.id}"]`);
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('Редакция 2: На рассмотрении в прокуратуре');
    await row.locator('a').click();

    await waitForText(page, '#version h2', 'Редакция 2: На рассмотрении в прокуратуре');
    await expect(page.locator('#parties tbody tr').count()).resolves.toBe(10);
    await expect(page.locator('#versions li').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Редакция 1: Действует · Вступила в силу: /),
      expect.stringMatching(/^Редакция 2: На рассмотрении в прокуратуре · Срок этапа: /),
    ]);
    await expect(page.textContent('#version h3:has-text("Изменения по сравнению с редакцией 1") + ul')).resolves.toContain('«Достық» бөлмесі');
    await expect(page.locator('#diff li').first().locator('strong').textContent()).resolves.toMatch(/^(Изменён|Добавлен|Исключён) · Пункт \d+$/);

    expect(await strayText(page)).toEqual([]);
    await page.fill('#version form.step input[name=comment]', 'Замечаний нет.');
    await page.click('#clear-version');
    await waitForText(page, '#version h2', 'Редакция 2: На согласовании');
    await expect(page.locator('#parties tbody td:last-child').allTextContents()).resolves.toEqual(Array(10).fill('Ожидается'));
    await expect(page.textContent('#no-action')).resolves.toBe('Сейчас от вас действий не требуется.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('AkimAsSignatory_ApprovesVersion2_TheAkimatsRowSaysSo', async () => {
    const { page, errors } = await signedIn('akim', `#/memoranda/${summary.memorandum.id}`);
    await waitForText(page, '#version h2', '2-нұсқа: Келісуде');
    await page.click('#approve-version');
    await page.waitForFunction(() => [...document.querySelectorAll('#parties tbody td:last-child')].some((td) => td.textContent?.startsWith('Келісті')));
    await expect(page.textContent('#no-action')).resolves.toBe('Қазір сізден әрекет талап етілмейді.');
    const version = await t.http.get(`/api/v1/memoranda/${summary.memorandum.id}/versions/2`).set('Authorization', `Bearer ${t.adminToken}`);
    expect(version.body.approvals).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Controller_SeesTheMemorandum_ButHasNoStepInIt', async () => {
    const { page } = await signedIn('control', `#/memoranda/${summary.memorandum.id}`);
    await waitForText(page, '#version h2', 'Редакция 2: На согласовании');
    await expect(page.locator('#version form.step').count()).resolves.toBe(0);
    await expect(page.textContent('#no-action')).resolves.toBe('Сейчас от вас действий не требуется.');
    await page.context().close();
  });

  it('Outsider_OpensTheMemorandum_GetsTheApisNotFound', async () => {
    // The national security committee is at the meeting, not a party: the memorandum does not exist for it.
    const { page } = await signedIn('knb', `#/memoranda/${summary.memorandum.id}`);
    await page.waitForSelector('p.alert');
    await expect(page.locator('#version').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('Member_OpensGroupsAndTheMeeting_SeesMembersAgendaDecisionsAndTheirTasks', async () => {
    const { page, errors } = await signedIn('knb', '#/groups');
    await page.waitForSelector('#working-groups tbody tr');
    await expect(page.locator('#working-groups tbody tr').count()).resolves.toBe(2);
    await page.click(`#working-groups tr[data-group="${summary.workingGroupIds[0]}"] a`);
    await page.waitForSelector('#members');
    expect(await page.locator('#members li').count()).toBeGreaterThan(10);
    await expect(page.locator('#members li[data-role=chair]').count()).resolves.toBe(1);
    // The group's one task is the Kelisim centre's: a member with no part in it sees none, and is told why.
    await expect(page.textContent('#group-progress')).resolves.toBe('Выдано: 0, исполнено: 0, просрочено: 0');
    await expect(page.textContent('#task-scope')).resolves.toBe('Показаны и учтены только поручения, которые вы можете открыть.');

    await page.goto(`${base}/#/meetings/${summary.meetingId}`);
    await page.waitForSelector('#decisions');
    await expect(page.locator('#agenda li').count()).resolves.toBe(2);
    await expect(page.locator('#decisions > li').count()).resolves.toBe(6);
    await expect(page.textContent('#decisions > li[data-decision="1"] .progress')).resolves.toBe('Выдано: 0, исполнено: 0, просрочено: 0');
    await expect(page.locator('#task-scope').count()).resolves.toBe(1);
    expect(await strayText(page)).toEqual([]);
    await page.click('#decisions a');
    await page.waitForSelector('#members');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('Executor_SeesTheGroupsTaskOnItsPage_AndOpensIt', async () => {
    const { page, errors } = await signedIn('kelisim', `#/groups/${summary.workingGroupIds[0]}`);
    await page.waitForSelector('#group-progress');
    await expect(page.textContent('#group-progress')).resolves.toMatch(/: 1, /);
    const link = page.locator('table.list tbody tr a');
    await expect(link.count()).resolves.toBe(1);
    await link.click();
    await page.waitForSelector('article.task-page');
    await expect(page.locator('p.alert').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
