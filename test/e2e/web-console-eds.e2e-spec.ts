import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { aMemorandumReadyToSign, anOrganization, aUser, counts, makeTestPki, NcaLayerStandIn, PASSWORD, startTestApp, type TestApp, type TestPki, type TestUser } from '@kelisim/testing';
import { launchChromium, serveOnLoopback, signInToConsole, strayText, waitForText } from '../support/browser.js';

/**
 * "Sign with ЭЦП" in Chromium: the console talks to NCALayer at its real address
 * (wss://127.0.0.1:13579), here a stand-in that signs with the test PKI's keys; NCALayer missing,
 * cancelled and failing are shown plainly, and a CMS the policy refuses shows the API's reason.
 */
describe('signing a memorandum with ЭЦП in the console', () => {
  let pki: TestPki;
  let t: TestApp;
  let browser: Browser;
  let ncalayer: NcaLayerStandIn;
  let base: string;
  let akim: TestUser;
  let akimat: string;
  let memorandumId: string;

  const signedSignatures = async (): Promise<{ organizationId: string; eds: { signer: { serialNumber: string; commonName: string }; timestampedAt: string | null } | null }[]> =>
    (await t.http.get(`/api/v1/memoranda/${memorandumId}/versions/1`).set('Authorization', `Bearer ${akim.token}`)).body.signatures;

  async function onTheMemorandum(work: (page: Page) => Promise<void>): Promise<void> {
    const { page, errors } = await signInToConsole(browser, base, { email: akim.email, password: PASSWORD }, { hash: `#/memoranda/${memorandumId}` });
    await work(page);
    expect(errors).toEqual([]);
    expect(await strayText(page)).toEqual([]);
    await page.context().close();
  }
  const alertAfterClick = async (page: Page): Promise<string> => {
    await page.click('#sign-eds');
    return (await page.locator('#version .alert').textContent({ timeout: 60_000 })) ?? '';
  };

  beforeAll(async () => {
    pki = await makeTestPki();
    t = await startTestApp({ env: { KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: pki.path(pki.ca), KELISIM_EDS_REQUIRE_TSP: 'false' } });
    base = await serveOnLoopback(t.app);
    akimat = await anOrganization(t, { name: pki.organizations.akimat.name, kind: 'akimat', bin: pki.organizations.akimat.bin });
    const police = await anOrganization(t, { name: pki.organizations.police.name, kind: 'police', bin: pki.organizations.police.bin });
    const prosecutors = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    akim = await aUser(t, { organizationId: akimat, roles: ['signatory'], fullName: 'Әбділдаев Ғалым', iin: pki.people.akim, locale: 'ru' });
    const chief = await aUser(t, { organizationId: police, roles: ['signatory'], iin: pki.people.chief });
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

  it('SignWithEds_WhenNcaLayerIsNotRunning_SaysSo', async () => {
    await onTheMemorandum(async (page) => {
      await expect(page.locator('#sign-eds').textContent()).resolves.toBe('Подписать ЭЦП');
      await expect(page.locator('#sign-version').count()).resolves.toBe(0);
      expect(await alertAfterClick(page)).toBe('Ошибка: NCALayer не найден: проверьте, что он установлен и запущен (ncl.pki.gov.kz).');
    });
    expect(await signedSignatures()).toEqual([]);
  }, 120_000);

  it('SignWithEds_WhenThePersonCancelsOrNcaLayerFails_SaysWhichAndRecordsNothing', async () => {
    await ncalayer.start();
    const before = await counts(t);
    await onTheMemorandum(async (page) => {
      ncalayer.behaviour = 'cancel';
      expect(await alertAfterClick(page)).toBe('Ошибка: Подписание отменено в NCALayer; ничего не отправлено.');
      ncalayer.behaviour = 'refuse';
      await page.locator('#version .alert').waitFor({ state: 'attached' });
      await page.click('#sign-eds');
      await waitForText(page, '#version .alert', 'Ошибка: NCALayer не подписал: 500: Kalkan error: KalkanCryptCOM: the token is locked');
    });
    // What the console asked NCALayer for: a detached CMS over the frozen bytes, organization signing keys only.
    const payload = (await t.http.get(`/api/v1/memoranda/${memorandumId}/versions/1/signing-payload`).set('Authorization', `Bearer ${akim.token}`)).body;
    expect(ncalayer.requests.at(-1)).toEqual({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: null,
        format: 'cms',
        data: payload.payloadB64,
        signingParams: { decode: true, encapsulate: false, digested: false, tsaProfile: {} },
        signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4', '1.2.398.3.3.4.1.2'] },
        locale: 'ru',
      },
    });
    expect(await counts(t)).toEqual(before);
  }, 120_000);

  it('SignWithEds_WithAKeyOfAnotherOrganization_ShowsTheApisRefusal', async () => {
    ncalayer.behaviour = { sign: 'wrong-bin' };
    await onTheMemorandum(async (page) => {
      expect(await alertAfterClick(page)).toMatch(/^Ошибка: БИН в сертификате \(\d{12}\) не совпадает с БИН организации стороны \(990740001235\)\.$/);
    });
    expect(await signedSignatures()).toEqual([]);
  }, 120_000);

  it('SignWithEds_WithTheAkimsKey_SignsForTheAkimatWithATimestamp_AndShowsTheCertificate', async () => {
    ncalayer.behaviour = { sign: 'akim' };
    await onTheMemorandum(async (page) => {
      await page.click('#sign-eds');
      await page.waitForSelector('#no-action');
      const [signature] = await signedSignatures();
      expect(signature).toMatchObject({ organizationId: akimat, eds: { signer: { commonName: 'ӘБДІЛДАЕВ ҒАЛЫМ' }, timestampedAt: expect.any(String) } });
      const state = await page.locator(`#parties tr[data-party="${akimat}"] td`).nth(2).textContent();
      expect(state).toContain(`(ЭЦП: ӘБДІЛДАЕВ ҒАЛЫМ, сертификат № ${signature.eds!.signer.serialNumber})`);
    });
  }, 120_000);
});
