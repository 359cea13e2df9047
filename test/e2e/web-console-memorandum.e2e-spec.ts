import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { anOrganization, aUser, PASSWORD, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';
import { launchChromium, serveOnLoopback, signInToConsole, strayText, waitForText } from '../support/browser.js';

/**
 * A memorandum's whole cycle done in the console, one person at a time: the drafter creates it,
 * edits and submits it, the prosecutor clears, both parties' signatories approve and sign, and a party opens an
 * amendment — whose draft is then theirs to edit.
 */
describe('a memorandum through the console', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let drafter: TestUser;
  let prosecutor: TestUser;
  let akim: TestUser;
  let chief: TestUser;
  let memorandumId: string;
  let akimat: string;
  let police: string;

  async function asUser(user: TestUser, work: (page: Page) => Promise<void>): Promise<void> {
    const { page, errors } = await signInToConsole(browser, base, { email: user.email, password: PASSWORD }, { hash: `#/memoranda/${memorandumId}` });
    await work(page);
    expect(errors).toEqual([]);
    await page.context().close();
  }

  const stage = (page: Page, text: string) => waitForText(page, '#version h2', text);

  beforeAll(async () => {
    t = await startTestApp();
    base = await serveOnLoopback(t.app);
    akimat = await anOrganization(t, { name: 'Мақтаарал аудандық әкімдігі', kind: 'akimat' });
    police = await anOrganization(t, { name: 'Мақтаарал аудандық полиция бөлімі', kind: 'police' });
    const prosecutors = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    drafter = await aUser(t, { organizationId: akimat, fullName: 'Ішкі саясат бөлімінің маманы', locale: 'ru' });
    akim = await aUser(t, { organizationId: akimat, roles: ['signatory'], fullName: 'Аудан әкімі', locale: 'ru' });
    chief = await aUser(t, { organizationId: police, roles: ['signatory'], fullName: 'Полиция бөлімінің бастығы', locale: 'ru' });
    prosecutor = await aUser(t, { organizationId: prosecutors, roles: ['prosecutor'], fullName: 'Аудан прокуроры', locale: 'ru' });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('Memorandum_DraftedReviewedApprovedSignedAndAmended_AllInTheConsole', async () => {
    const { page: creating, errors } = await signInToConsole(browser, base, { email: drafter.email, password: PASSWORD }, { hash: '#/memoranda' });
    await creating.click('#new-memorandum');
    const form = creating.locator('#memorandum-form');
    await form.waitFor();
    await form.locator('input[name=title]').fill('Ұлтаралық келісімді сақтау жөніндегі ынтымақтастық туралы меморандум');
    // The reviewer list offers prosecutors' offices only.
    await expect(form.locator('select[name=reviewerOrganizationId] option').allTextContents()).resolves.toEqual(['Мақтаарал аудандық прокуратурасы']);
    await form.locator('select[name=partyOrganizationId]').selectOption(akimat);
    await form.locator('select[name=signatoryId]').selectOption(akim.id);
    await form.locator('#add-party').click();
    await form.locator('select[name=partyOrganizationId]').nth(1).selectOption(police);
    await form.locator('select[name=signatoryId]').nth(1).selectOption(chief.id);
    await form.locator('textarea[name=clause]').fill('Тараптар ұлтаралық келісімді сақтау жөнінде бірлесіп жұмыс істейді.');
    await form.locator('#add-clause').click();
    await form.locator('textarea[name=clause]').nth(1).fill('Тараптар тоқсан сайын кездеседі.');
    await form.locator('button[type=submit]').click();
    await waitForText(creating, '#version h2', 'Редакция 1: Проект');
    memorandumId = new URL(creating.url()).hash.replace('#/memoranda/', '');
    expect(errors).toEqual([]);
    await creating.context().close();

    await asUser(drafter, async (page) => {
      await stage(page, 'Редакция 1: Проект');
      await expect(page.locator('#parties tbody tr').count()).resolves.toBe(2);
      await page.locator('#clause-editor textarea').nth(1).fill('Тараптар ай сайын кездеседі.');
      await page.click('#add-clause');
      await page.locator('#clause-editor textarea').nth(2).fill('Меморандум қол қойылған күннен бастап күшіне енеді.');
      await page.click('#save-clauses');
      await page.waitForFunction(() => document.querySelectorAll('.clauses li').length === 3);
      await expect(page.locator('.clauses li').nth(1).textContent()).resolves.toBe('Тараптар ай сайын кездеседі.');
      expect(await strayText(page)).toEqual([]);
      await page.click('#submit-version');
      await stage(page, 'Редакция 1: На рассмотрении в прокуратуре');
    });
    await asUser(prosecutor, async (page) => {
      await stage(page, 'Редакция 1: На рассмотрении в прокуратуре');
      await page.click('#clear-version');
      await stage(page, 'Редакция 1: На согласовании');
    });
    for (const signatory of [akim, chief]) {
      await asUser(signatory, async (page) => {
        await page.waitForSelector('#approve-version');
        await page.click('#approve-version');
        await page.waitForSelector('#no-action, #sign-version');
      });
    }
    for (const signatory of [akim, chief]) {
      await asUser(signatory, async (page) => {
        await stage(page, 'Редакция 1: На подписании');
        await page.click('#sign-version');
        await page.waitForSelector('#no-action, #open-amendment');
      });
    }
    const memorandum = await t.http.get(`/api/v1/memoranda/${memorandumId}`).set('Authorization', `Bearer ${akim.token}`);
    expect(memorandum.body).toMatchObject({ status: 'active', versionInForce: 1, openVersion: null });
    const v1 = await t.http.get(`/api/v1/memoranda/${memorandumId}/versions/1`).set('Authorization', `Bearer ${akim.token}`);
    expect(v1.body.clauses.map((c: { text: string }) => c.text)).toHaveLength(3);
    expect(v1.body.signatures).toHaveLength(2);

    await asUser(chief, async (page) => {
      await stage(page, 'Редакция 1: Действует');
      await page.fill('form.step input[name=reason]', 'Өзгерістер мен толықтырулар енгізу');
      await page.click('#open-amendment');
      await stage(page, 'Редакция 2: Проект');
      // The police department drafts version 2: its text starts as version 1's, ready to edit.
      await expect(page.locator('#clause-editor textarea').count()).resolves.toBe(3);
    });
    // The drafter of version 1 (another organization) has no editor for version 2.
    await asUser(drafter, async (page) => {
      await stage(page, 'Редакция 2: Проект');
      await expect(page.locator('#clause-editor').count()).resolves.toBe(0);
    });
  }, 120_000);
});
