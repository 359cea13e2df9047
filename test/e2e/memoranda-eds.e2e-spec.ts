import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import JSZip from 'jszip';
import type { Response } from 'superagent';
import {
  anOrganization,
  aUser,
  counts,
  makeTestPki,
  opensslVerifies,
  pdfText,
  signCms,
  type SignerName,
  startTestApp,
  type TestApp,
  type TestPki,
  type TestUser,
} from '@kelisim/testing';

/**
 * Issue 13's acceptance: a version's frozen bytes signed with `openssl cms -sign -binary -md sha256
 * -outform DER` by a certificate of the openssl test CA that KELISIM_EDS_TRUST_ANCHORS names
 * (KELISIM_EDS_VERIFIER=pkijs, KELISIM_EDS_REQUIRE_TSP=false) counts as that party's ЭЦП when its
 * IIN and BIN match; every bad variant is a 4xx that records nothing; the ZIP export's .p7s files
 * pass `openssl cms -verify`.
 */
jest.setTimeout(120_000);

const binary = (res: Response, done: (error: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('ЭЦП signatures on memorandum versions (pkijs)', () => {
  let pki: TestPki;
  let t: TestApp;
  let akimat: string;
  let police: string;
  let akim: TestUser;
  let chief: TestUser;
  let drafter: TestUser;
  let stranger: TestUser;
  let memorandumId: string;
  let payload: Buffer;
  let textHash: string;

  const CLAUSES = ['Тараптар ұлтаралық келісімді нығайту үшін бірлесіп жұмыс істейді.', 'Полиция бөлімі тоқсан сайын есеп береді.', 'Меморандум қол қойылған күннен бастап күшіне енеді.'];
  const call = (method: 'get' | 'post', path: string, who: TestUser | string, body?: object) => {
    const token = typeof who === 'string' ? who : who.token;
    const request = t.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? request : request.send(body);
  };
  const v = (action: string) => `/memoranda/${memorandumId}/versions/1/${action}`;
  const ok = async (request: PromiseLike<{ status: number; body: unknown }>) => {
    const response = await request;
    if (response.status !== 200 && response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };
  const evidenceRows = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM memorandum_signature_evidence'))[0].n;
  const signWith = async (who: TestUser, ...signers: SignerName[]) => call('post', v('sign'), who, { signature: { textHash, cms: (await signCms(pki, payload, ...signers)).toString('base64') } });

  beforeAll(async () => {
    pki = await makeTestPki();
    t = await startTestApp({ env: { KELISIM_EDS_VERIFIER: 'pkijs', KELISIM_EDS_TRUST_ANCHORS: pki.path(pki.ca), KELISIM_EDS_REQUIRE_TSP: 'false' } });
    akimat = await anOrganization(t, { name: pki.organizations.akimat.name, kind: 'akimat', bin: pki.organizations.akimat.bin });
    police = await anOrganization(t, { name: pki.organizations.police.name, kind: 'police', bin: pki.organizations.police.bin });
    const prosecutors = await anOrganization(t, { name: 'Мақтаарал аудандық прокуратурасы', kind: 'prosecutor' });
    akim = await aUser(t, { organizationId: akimat, roles: ['signatory'], fullName: 'Әбділдаев Ғалым Қайратұлы', iin: pki.people.akim, locale: 'ru' });
    chief = await aUser(t, { organizationId: police, roles: ['signatory'], fullName: 'Нұрланов Өмірзақ Үсенұлы', iin: pki.people.chief });
    drafter = await aUser(t, { organizationId: akimat, fullName: 'Ішкі саясат бөлімінің маманы' });
    stranger = await aUser(t, { fullName: 'Бөгде ұйымның қызметкері' });
    const prosecutor = await aUser(t, { organizationId: prosecutors, roles: ['prosecutor'] });
    const created = await ok(
      call('post', '/memoranda', drafter, {
        title: 'Ұлтаралық келісімді сақтау жөніндегі ынтымақтастық туралы меморандум',
        reviewerOrganizationId: prosecutors,
        parties: [
          { organizationId: akimat, signatoryId: akim.id },
          { organizationId: police, signatoryId: chief.id },
        ],
        clauses: CLAUSES.map((text) => ({ text })),
      }),
    );
    memorandumId = (created.body as { id: string }).id;
    await ok(call('post', v('submit'), drafter));
    await ok(call('post', v('clear'), prosecutor));
    await ok(call('post', v('approve'), akim, {}));
    await ok(call('post', v('approve'), chief, {}));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await pki?.remove();
  });

  it('SigningPayload_ForThePartysSignatory_IsTheFrozenCanonicalBytes', async () => {
    const response = await call('get', v('signing-payload'), akim);
    expect(response.status).toBe(200);
    payload = Buffer.from(response.body.payloadB64, 'base64');
    textHash = response.body.textHash;
    expect(payload.toString('utf8')).toBe(CLAUSES.map((text, i) => `${i + 1}. ${text}`).join('\n'));
    expect(response.body.sha256).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(response.body.sha256).toBe(textHash);
    expect(response.body.signatureKind).toBe('cms');
  });

  it('SigningPayload_ForAStranger_Is404_AndForANonSignatoryOfAParty_Is403', async () => {
    expect((await call('get', v('signing-payload'), stranger)).status).toBe(404);
    const drafterAsks = await call('get', v('signing-payload'), drafter);
    expect(drafterAsks.status).toBe(403);
    expect(drafterAsks.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each<[string, SignerName[], string]>([
    ['an expired certificate', ['expired'], 'EDS.CERTIFICATE_EXPIRED'],
    ['an authentication (AUTH) key', ['auth'], 'EDS.AUTH_KEY'],
    ["a person's own key, not an organization's", ['individual'], 'EDS.NOT_ORGANIZATION_KEY'],
    ['the BIN of another organization', ['wrong-bin'], 'EDS.WRONG_BIN'],
    ["another person's IIN", ['wrong-iin'], 'EDS.WRONG_PERSON'],
    ['a certificate of another CA', ['other-ca'], 'EDS.UNTRUSTED_CHAIN'],
    ['a GOST key', ['gost'], 'EDS.UNSUPPORTED_ALGORITHM'],
    ["the police chief's own valid certificate", ['chief'], 'EDS.WRONG_BIN'],
    ['two signers', ['akim', 'chief'], 'EDS.SIGNER_COUNT'],
  ])('Sign_WithACmsOf%s_Is422NamingTheRuleAndRecordsNothing', async (_what, signers, code) => {
    const before = { ...(await counts(t)), evidence: await evidenceRows() };
    const response = await signWith(akim, ...signers);
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code, status: 422, type: 'https://kelisim.kz/problems/signature-refused', title: 'Подпись не принята' });
    expect({ ...(await counts(t)), evidence: await evidenceRows() }).toEqual(before);
    const version = await call('get', `/memoranda/${memorandumId}/versions/1`, akim);
    expect(version.body.signatures).toEqual([]);
  });

  it('Sign_WithACmsOverAnotherText_Is422TextChanged', async () => {
    const other = Buffer.from(payload.toString('utf8').replace('тоқсан сайын', 'жыл сайын'), 'utf8');
    const cms = await signCms(pki, other, 'akim');
    const response = await call('post', v('sign'), akim, { signature: { cms: cms.toString('base64') } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('EDS.TEXT_CHANGED');
    expect(response.body.detail).toBe('Подпись поставлена не под зафиксированный текст версии: текст изменён.');
  });

  it('Sign_WithoutACms_WhenAVerifierIsConfigured_Is422CmsRequired', async () => {
    const response = await call('post', v('sign'), akim, { signature: { textHash } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('EDS.CMS_REQUIRED');
  });

  it.each([
    ['not base64 at all', '%%% not base64 %%%', 400, 'REQUEST.INVALID'],
    ['base64 of no CMS', Buffer.from('Мен қол қоямын').toString('base64'), 422, 'EDS.MALFORMED'],
  ])('Sign_WithACmsThatIs%s_IsRefusedAndRecordsNothing', async (_what, cms, status, code) => {
    const before = await counts(t);
    const response = await call('post', v('sign'), akim, { signature: { cms } });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    if (status === 400) expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['signature.cms']);
    expect(await counts(t)).toEqual(before);
  });

  it('Sign_ByAnAdminActingForTheAkimat_WithTheAkimsCertificate_IsRefused_TheCertificateMustBeTheSignersOwn', async () => {
    const cms = await signCms(pki, payload, 'akim');
    const response = await call('post', v('sign'), t.adminToken, { onBehalfOf: akimat, signature: { cms: cms.toString('base64') } });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('EDS.SIGNER_WITHOUT_IIN');
  });

  it('SigningPayload_OfADraft_Is409_ItsTextIsNotFrozenYet', async () => {
    const draft = await ok(
      call('post', '/memoranda', akim, {
        title: 'Жоба',
        reviewerOrganizationId: (await call('get', `/memoranda/${memorandumId}`, akim)).body.reviewerOrganizationId,
        parties: [{ organizationId: akimat, signatoryId: akim.id }],
        clauses: [{ text: 'Әлі өзгереді.' }],
      }),
    );
    const response = await call('get', `/memoranda/${(draft.body as { id: string }).id}/versions/1/signing-payload`, akim);
    expect(response.status).toBe(409);
    expect(response.body.type).toBe('https://kelisim.kz/problems/invalid-transition');
  });

  it('Sign_ByAStrangerWithAValidCms_Is404BeforeAnyVerification', async () => {
    const response = await signWith(stranger, 'akim');
    expect(response.status).toBe(404);
  });

  it('Sign_WithTheAkimsCertificate_CountsAsTheAkimatsEds_KeepsTheEvidence_AndTheJournalCarriesTheCmsHash', async () => {
    const cms = await signCms(pki, payload, 'akim');
    const response = await call('post', v('sign'), akim, { signature: { textHash, cms: cms.toString('base64') } });
    expect(response.status).toBe(200);
    const version = await call('get', `/memoranda/${memorandumId}/versions/1`, akim);
    const [signature] = version.body.signatures;
    expect(signature).toMatchObject({ organizationId: akimat, by: akim.id, textHash, onBehalf: false });
    expect(signature.eds).toMatchObject({
      verifier: 'pkijs',
      cmsSha256: createHash('sha256').update(cms).digest('hex'),
      signer: { commonName: 'ӘБДІЛДАЕВ ҒАЛЫМ', iin: pki.people.akim, bin: pki.organizations.akimat.bin, algorithm: '1.2.840.113549.1.1.1' },
      timestampedAt: null,
    });
    const [evidence] = await t.dataSource.query('SELECT cms, cms_sha256, text_hash, signer, verifier_answer FROM memorandum_signature_evidence WHERE memorandum_id = $1', [memorandumId]);
    expect(Buffer.compare(evidence.cms, cms)).toBe(0);
    expect(evidence.text_hash).toBe(textHash);
    expect(evidence.signer.serialNumber).toBe(signature.eds.signer.serialNumber);
    expect(evidence.verifier_answer).toMatchObject({ verifier: 'pkijs', signatureValid: true, chainTrusted: true });
    const [event] = await t.dataSource.query(`SELECT payload FROM journal_events WHERE stream_id = $1 AND type = 'VersionSigned'`, [memorandumId]);
    expect(event.payload.eds).toEqual({ verifier: 'pkijs', cmsSha256: signature.eds.cmsSha256, certificateSerial: signature.eds.signer.serialNumber, iin: pki.people.akim, bin: pki.organizations.akimat.bin });
  });

  it('Sign_ByThePoliceChief_PutsTheVersionInForce', async () => {
    const response = await signWith(chief, 'chief');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'active', versionInForce: 1 });
  });

  it('ExportZip_HoldsTheTextThePdfAndOneP7sPerParty_WhichOpensslCmsVerifyAccepts', async () => {
    const response = await t.http.get(`/api/v1${v('export')}?format=zip&lang=ru`).set('Authorization', `Bearer ${drafter.token}`).buffer(true).parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="memorandum-1.zip"');
    const zip = await JSZip.loadAsync(response.body as Buffer);
    const names = Object.keys(zip.files).sort();
    const akimatP7s = `party-${pki.organizations.akimat.bin}.p7s`;
    const policeP7s = `party-${pki.organizations.police.bin}.p7s`;
    expect(names).toEqual(['memorandum-1.pdf', akimatP7s, policeP7s, 'signatures.json', 'text.txt'].sort());
    const text = await zip.file('text.txt')!.async('nodebuffer');
    expect(Buffer.compare(text, payload)).toBe(0);
    const work = await mkdtemp(join(tmpdir(), 'kelisim-zip-'));
    try {
      await writeFile(join(work, 'text.txt'), text);
      for (const name of [akimatP7s, policeP7s]) {
        await writeFile(join(work, name), await zip.file(name)!.async('nodebuffer'));
        const verified = await opensslVerifies(join(work, name), join(work, 'text.txt'), pki.path(pki.ca));
        expect(verified).toEqual({ ok: true, output: expect.stringContaining('Verification successful') });
      }
      // A text changed by one byte is refused by the same openssl check.
      await writeFile(join(work, 'text.txt'), Buffer.concat([text, Buffer.from(' ')]));
      expect((await opensslVerifies(join(work, akimatP7s), join(work, 'text.txt'), pki.path(pki.ca))).ok).toBe(false);
      // The PDF names each signature's signer, certificate serial and time (lang=ru).
      const version = (await call('get', `/memoranda/${memorandumId}/versions/1`, akim)).body;
      const pdf = await pdfText(await zip.file('memorandum-1.pdf')!.async('nodebuffer'));
      for (const signature of version.signatures) {
        expect(pdf).toContain(`сертификат № ${signature.eds.signer.serialNumber}`);
        expect(pdf).toContain(`ИИН ${signature.eds.signer.iin}, БИН ${signature.eds.signer.bin}`);
      }
      expect(pdf).toContain('ЭЦП: ӘБДІЛДАЕВ ҒАЛЫМ');
      expect(pdf).toContain('ЭЦП: НҰРЛАНОВ ӨМІРЗАҚ');
      expect(pdf).not.toContain('без ЭЦП');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const manifest = JSON.parse(await zip.file('signatures.json')!.async('string'));
    expect(manifest.signatures.map((s: { kind: string; file: string }) => [s.kind, s.file])).toEqual([
      ['eds', akimatP7s],
      ['eds', policeP7s],
    ]);
  });

});
