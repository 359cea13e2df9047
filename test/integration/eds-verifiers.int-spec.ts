import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { addTimestamp, makeTestPki, signCms, type TestPki } from '@kelisim/testing';
import type { CmsReport } from '../../libs/eds/src/domain/cms-report.js';
import { EdsRefusedError, EdsVerifierUnavailableError } from '../../libs/eds/src/domain/eds.errors.js';
import { judgeSignature, type SigningExpectation } from '../../libs/eds/src/domain/signing-policy.js';
import { certificatesOfPem } from '../../libs/eds/src/infrastructure/cms-structure.js';
import { digestByOid } from '../../libs/eds/src/infrastructure/digests.js';
import { NcanodeCmsVerifier } from '../../libs/eds/src/infrastructure/ncanode-cms-verifier.js';
import { PkijsCmsVerifier } from '../../libs/eds/src/infrastructure/pkijs-cms-verifier.js';

/**
 * The two verifiers against CMS made by openssl with the test PKI: pkijs with RFC 3161 timestamps of
 * the test TSA, and the NCANode adapter against NCANode's documented answers (test/fixtures/ncanode)
 * served by a local HTTP stand-in — including the answers it must not trust.
 */
jest.setTimeout(120_000);

const PAYLOAD = Buffer.from('1. Тараптар ұлтаралық келісімді нығайту үшін бірлесіп жұмыс істейді.\n2. Полиция бөлімі тоқсан сайын есеп береді.', 'utf8');
const now = () => new Date();

const rule = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
    return 'accepted';
  } catch (error) {
    if (error instanceof EdsRefusedError) return error.rule;
    if (error instanceof EdsVerifierUnavailableError) return 'UNAVAILABLE';
    throw error;
  }
};

const run = promisify(execFile);
const PKI_SCRIPT = resolve('test/pki/make-test-pki.sh');
const GOST_34311 = '1.2.398.3.10.1.3.1';
const toNcanodeDate = (date: Date): string => date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '+00:00');
const signedDataOf = (der: Uint8Array): pkijs.SignedData => new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1js.fromBER(der).result }).content });

/** The test PKI script's perl trick: the RSA OIDs of a DER file named as GOST 34.310 ones (same lengths). */
async function gostify(pki: TestPki, der: Uint8Array): Promise<Buffer> {
  const work = await mkdtemp(join(tmpdir(), 'kelisim-gostify-'));
  try {
    await writeFile(join(work, 'in.der'), der);
    await run('bash', [PKI_SCRIPT, 'gostify', join(work, 'in.der'), join(work, 'out.der')]);
    return await readFile(join(work, 'out.der'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface GostTimestamp {
  cms: Buffer;
  genTime: Date;
  /** The token's imprint, hex. */
  imprint: string;
  /** The token's serial number as NCANode prints it: hex of its two's-complement bytes. */
  serialNumber: string;
}

/**
 * A timestamp as the НУЦ РК's GOST TSA makes one, for structure tests: a TSTInfo whose imprint is
 * `imprintAlgorithm` (GOST 34.311-95 by default) over the signature value (or over `over`), signed
 * with `openssl cms` by the test TSA and then gostified, so that its signer, like a real GOST TSA's,
 * is one Node cannot check. Attached to the CMS's signer as NCALayer attaches it.
 */
async function addGostTimestamp(pki: TestPki, cms: Uint8Array, options: { imprintAlgorithm?: string; over?: Uint8Array } = {}): Promise<GostTimestamp> {
  const signedData = signedDataOf(cms);
  const signer = signedData.signerInfos[0];
  const algorithm = options.imprintAlgorithm ?? GOST_34311;
  const imprint = digestByOid(algorithm, options.over ?? new Uint8Array(signer.signature.valueBlock.valueHexView)) ?? randomBytes(32);
  const genTime = new Date(Math.floor(Date.now() / 1000) * 1000);
  // A serial whose high bit is set, so that its DER bytes (and NCANode's hex) start with 00.
  const serialNumber = Buffer.concat([Buffer.from([0x00, 0xc3]), randomBytes(7)]);
  const tst = new pkijs.TSTInfo({
    version: 1,
    policy: '1.2.398.3.3.2.6.1',
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: algorithm }),
      hashedMessage: new asn1js.OctetString({ valueHex: Uint8Array.from(imprint).buffer }),
    }),
    serialNumber: new asn1js.Integer({ valueHex: Uint8Array.from(serialNumber).buffer }),
    genTime,
  });
  const work = await mkdtemp(join(tmpdir(), 'kelisim-gost-tsp-'));
  try {
    await writeFile(join(work, 'tst.der'), Buffer.from(tst.toSchema().toBER()));
    await run('openssl', [
      'cms', '-sign', '-binary', '-nodetach', '-econtent_type', '1.2.840.113549.1.9.16.1.4', '-md', 'sha256', '-outform', 'DER',
      '-signer', pki.path(pki.tsa.cert), '-inkey', pki.path(pki.tsa.key), '-in', join(work, 'tst.der'), '-out', join(work, 'token.der'),
    ]);
    const token = asn1js.fromBER(await gostify(pki, await readFile(join(work, 'token.der')))).result;
    signer.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [token] })] });
    const out = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signedData.toSchema(true) });
    return { cms: Buffer.from(out.toSchema().toBER()), genTime, imprint: imprint.toString('hex'), serialNumber: serialNumber.toString('hex') };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The CMS's digest named `oid` and its signed messageDigest that digest of `content` (structure only: the signature no longer verifies). */
function withDigest(cms: Uint8Array, oid: string, content: Uint8Array): Buffer {
  const signedData = signedDataOf(cms);
  const signer = signedData.signerInfos[0];
  signedData.digestAlgorithms = [new pkijs.AlgorithmIdentifier({ algorithmId: oid })];
  signer.digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oid });
  const attribute = signer.signedAttrs!.attributes.find((a) => a.type === '1.2.840.113549.1.9.4')!;
  attribute.values = [new asn1js.OctetString({ valueHex: Uint8Array.from(digestByOid(oid, content)!).buffer })];
  const out = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signedData.toSchema(true) });
  return Buffer.from(out.toSchema().toBER());
}

describe('CMS verifiers', () => {
  let pki: TestPki;
  let anchors: pkijs.Certificate[];
  let akimCms: Buffer;
  let akimFacts: { serialNumber: string; notBefore: string; notAfter: string };
  const expectation = (change: Partial<SigningExpectation> = {}): SigningExpectation => ({
    bin: pki.signers.akim.bin,
    iin: pki.signers.akim.iin,
    requireTimestamp: true,
    requireRevocationCheck: false,
    now: now(),
    ...change,
  });

  beforeAll(async () => {
    pki = await makeTestPki();
    anchors = certificatesOfPem(readFileSync(pki.path(pki.ca), 'utf8'));
    akimCms = await signCms(pki, PAYLOAD, 'akim');
    const certificate = pkijs.Certificate.fromBER(Buffer.from(readFileSync(pki.path(pki.signers.akim.cert), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    akimFacts = {
      serialNumber: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^0+/, ''),
      notBefore: certificate.notBefore.value.toISOString(),
      notAfter: certificate.notAfter.value.toISOString(),
    };
  }, 180_000);
  afterAll(() => pki?.remove());

  describe('pkijs with timestamps', () => {
    const verifier = () => new PkijsCmsVerifier(anchors, anchors, now);

    it('Verify_ACmsWithATimestampOfTheTestTsa_ReportsItsTime_AndThePolicyAcceptsItWhenRequired', async () => {
      const before = Date.now();
      const cms = await addTimestamp(pki, akimCms);
      const report = await verifier().verify(cms, PAYLOAD);
      expect(report.signer).toMatchObject({ contentMatches: true, signatureValid: true, chainTrusted: true, timestamp: { imprintMatches: true, tsaTrusted: true } });
      const accepted = judgeSignature(report, expectation());
      expect(Date.parse(accepted.timestampedAt!)).toBeGreaterThanOrEqual(before - 2000);
      expect(accepted.trustedAt).toBe(accepted.timestampedAt);
    });

    it('Verify_ATimestampOfAnotherSignature_IsRefusedAsMismatch', async () => {
      const cms = await addTimestamp(pki, akimCms, Buffer.from('another signature'));
      expect(await rule(verifier().verify(cms, PAYLOAD).then((r) => judgeSignature(r, expectation())))).toBe('TIMESTAMP_MISMATCH');
    });

    it('Verify_ATimestampWhenTheTsaIsNotAnAnchor_IsRefusedAsUntrusted', async () => {
      const otherAnchors = certificatesOfPem(readFileSync(pki.path(pki.otherCa), 'utf8'));
      const cms = await addTimestamp(pki, akimCms);
      expect(await rule(new PkijsCmsVerifier(anchors, otherAnchors, now).verify(cms, PAYLOAD).then((r) => judgeSignature(r, expectation())))).toBe('TIMESTAMP_UNTRUSTED');
    });

    it('Verify_WithoutATimestamp_WhenRequired_IsRefusedAsMissing', async () => {
      expect(await rule(verifier().verify(akimCms, PAYLOAD).then((r) => judgeSignature(r, expectation())))).toBe('TIMESTAMP_MISSING');
    });

    it('Verify_ACmsThatCarriesTheTextInside_ButAnotherText_IsTextChanged', async () => {
      const report = await verifier().verify(akimCms, Buffer.concat([PAYLOAD, Buffer.from('.')]));
      expect(report.signer?.contentMatches).toBe(false);
    });
  });

  describe('NCANode adapter against recorded answers', () => {
    let server: Server;
    let url: string;
    let answer: { status: number; body: string } = { status: 200, body: '{}' };
    const requests: { path: string; body: Record<string, unknown> }[] = [];

    const recorded = (name: string, fill: Record<string, string> = {}): string => {
      const values: Record<string, string> = {
        serialNumber: akimFacts.serialNumber.toUpperCase(),
        notBefore: akimFacts.notBefore.replace('T', ' ').replace(/\.\d{3}Z$/, '+00:00'),
        notAfter: akimFacts.notAfter.replace('T', ' ').replace(/\.\d{3}Z$/, '+00:00'),
        iin: pki.signers.akim.iin,
        bin: pki.signers.akim.bin!,
        ...fill,
      };
      return readFileSync(`test/fixtures/ncanode/${name}.json`, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key]);
    };
    const serve = (status: number, body: string) => {
      answer = { status, body };
    };
    const verifier = (tsaAnchors = anchors) => new NcanodeCmsVerifier(url, 5000, tsaAnchors, now);
    const judged = (cms: Buffer, change: Partial<SigningExpectation> = {}): Promise<unknown> =>
      verifier()
        .verify(cms, PAYLOAD)
        .then((r: CmsReport) => judgeSignature(r, expectation({ requireRevocationCheck: true, ...change })));

    beforeAll(async () => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          requests.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('Verify_SendsTheCmsTheDataAndAnOcspCheck_AsNcanodesApiTakesThem', async () => {
      serve(200, recorded('verify-valid-tsp', { genTime: '2020-01-01 00:00:00+00:00', imprint: '00' }));
      requests.length = 0;
      await verifier().verify(akimCms, PAYLOAD).catch(() => undefined);
      expect(requests).toEqual([{ path: '/cms/verify', body: { revocationCheck: ['OCSP'], cms: akimCms.toString('base64'), data: PAYLOAD.toString('base64') } }]);
    });

    it('Verify_ATimestampedCmsNcanodeFindsValid_IsAcceptedWithOcspGood', async () => {
      const cms = await addTimestamp(pki, akimCms);
      const signed = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1js.fromBER(cms).result }).content });
      const token = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: signed.signerInfos[0].unsignedAttrs!.attributes[0].values[0] }).content });
      const tst = pkijs.TSTInfo.fromBER(token.encapContentInfo.eContent!.getValue());
      const imprint = createHash('sha256').update(Buffer.from(signed.signerInfos[0].signature.valueBlock.valueHexView)).digest('hex');
      const tspSerialNumber = Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex');
      serve(200, recorded('verify-valid-tsp', { genTime: tst.genTime.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '+00:00'), imprint, tspSerialNumber }));
      const accepted = (await judged(cms)) as { revocation: string; timestampedAt: string };
      expect(accepted.revocation).toBe('good');
      expect(Date.parse(accepted.timestampedAt)).toBe(Math.floor(tst.genTime.getTime() / 1000) * 1000);
    });

    it('Verify_AGostCms_GoesToNcanode_AndIsAcceptedWhenItSaysValid', async () => {
      const gost = await signCms(pki, PAYLOAD, 'gost');
      serve(200, recorded('verify-valid'));
      const accepted = (await judged(gost, { requireTimestamp: false })) as { signer: { algorithm: string; iin: string } };
      expect(accepted.signer).toMatchObject({ algorithm: '1.2.398.3.10.1.1.1.1', iin: pki.signers.akim.iin });
    });

    it.each([
      ['verify-revoked', 'REVOKED'],
      ['verify-signature-broken', 'SIGNATURE_INVALID'],
      ['verify-unknown-issuer', 'UNTRUSTED_CHAIN'],
    ])('Verify_WhenNcanodeAnswers_%s_IsRefusedAs_%s', async (fixture, expected) => {
      serve(200, recorded(fixture));
      expect(await rule(judged(akimCms, { requireTimestamp: false }))).toBe(expected);
    });

    it('Verify_WhenNcanodeCannotReadTheCms_IsRefusedAsNotVerified', async () => {
      serve(400, recorded('error-bad-cms'));
      expect(await rule(judged(akimCms, { requireTimestamp: false }))).toBe('NOT_VERIFIED');
    });

    it.each([
      ['an answer without the valid flag', 200, () => recorded('unexpected-no-valid')],
      ['HTML instead of JSON', 200, () => '<html>proxy error</html>'],
      ['a server error', 500, () => '{"status":500,"message":"Internal Server Error"}'],
      ['a verdict on another certificate', 200, () => recorded('verify-valid', { serialNumber: 'abcdef' })],
      ['a timestamp the CMS does not carry', 200, () => recorded('verify-valid-tsp', { genTime: '2026-01-01 00:00:00+00:00', imprint: '00' })],
    ])('Verify_WhenNcanodeGives_%s_FailsClosed', async (_what, status, body) => {
      serve(status, body());
      expect(await rule(judged(akimCms, { requireTimestamp: false }))).toBe('UNAVAILABLE');
    });

    describe('GOST signatures: their GOST digest and GOST timestamp', () => {
      let gostCms: Buffer;
      let gostTsa: pkijs.Certificate[];
      const gostVerifier = (tsaAnchors: pkijs.Certificate[]) => new NcanodeCmsVerifier(url, 5000, tsaAnchors, now);
      /** NCANode's answer for this token, as its TspInfo reports it; `change` edits the tsp block. */
      const answerFor = (stamp: GostTimestamp, change: Record<string, unknown> = {}): string => {
        const body = JSON.parse(recorded('verify-valid-gost-tsp', { genTime: toNcanodeDate(stamp.genTime), imprint: stamp.imprint, tspSerialNumber: stamp.serialNumber }));
        Object.assign(body.signers[0].tsp, change);
        return JSON.stringify(body);
      };
      const judgedGost = (cms: Buffer, tsaAnchors = gostTsa, change: Partial<SigningExpectation> = {}) =>
        gostVerifier(tsaAnchors)
          .verify(cms, PAYLOAD)
          .then((r: CmsReport) => judgeSignature(r, expectation({ requireRevocationCheck: true, ...change })));

      beforeAll(async () => {
        gostCms = await signCms(pki, PAYLOAD, 'gost');
        const tsaDer = Buffer.from(readFileSync(pki.path(pki.tsa.cert), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
        gostTsa = [pkijs.Certificate.fromBER(Uint8Array.from(await gostify(pki, tsaDer)))];
      });

      it('Verify_AGost34311ImprintOfTheSignature_NcanodeAgreeing_TheTsaCertificatePinned_IsAcceptedAtTheTimestampsTime', async () => {
        const stamp = await addGostTimestamp(pki, gostCms);
        serve(200, answerFor(stamp));
        const report = await gostVerifier(gostTsa).verify(stamp.cms, PAYLOAD);
        expect(report.signer).toMatchObject({ signatureAlgorithm: '1.2.398.3.10.1.1.1.1', contentMatches: true, timestamp: { imprintMatches: true, tsaTrusted: true } });
        const accepted = judgeSignature(report, expectation({ requireRevocationCheck: true }));
        expect(accepted.timestampedAt).toBe(stamp.genTime.toISOString());
        expect(accepted.trustedAt).toBe(stamp.genTime.toISOString());
      });

      it.each([
        ['GOST 34.11-2015 256 (НУЦ РК)', '1.2.398.3.10.1.3.2'],
        ['GOST 34.11-2015 512 (НУЦ РК)', '1.2.398.3.10.1.3.3'],
        ['Streebog-256 (TC26)', '1.2.643.7.1.1.2.2'],
        ['Streebog-512 (TC26)', '1.2.643.7.1.1.2.3'],
      ])('Verify_A%sImprint_WhichNcanode3DoesNotName_IsAccepted', async (_name, oid) => {
        const stamp = await addGostTimestamp(pki, gostCms, { imprintAlgorithm: oid });
        serve(200, answerFor(stamp, { tspHashAlgorithm: null }));
        expect(await rule(judgedGost(stamp.cms))).toBe('accepted');
      });

      it('Verify_AGostImprintOfAnotherSignature_IsRefusedAsMismatch', async () => {
        const stamp = await addGostTimestamp(pki, gostCms, { over: Buffer.from('another signature') });
        serve(200, answerFor(stamp));
        expect(await rule(judgedGost(stamp.cms))).toBe('TIMESTAMP_MISMATCH');
      });

      it('Verify_WhenTheTsaCertificateIsNotPinned_ButItsIssuerIsAnAnchor_IsUnverifiableWhenRequired_AndIgnoredOtherwise', async () => {
        const stamp = await addGostTimestamp(pki, gostCms);
        serve(200, answerFor(stamp));
        expect(await rule(judgedGost(stamp.cms, anchors))).toBe('TIMESTAMP_UNVERIFIABLE');
        const accepted = (await judgedGost(stamp.cms, anchors, { requireTimestamp: false })) as { timestampedAt: string | null };
        expect(accepted.timestampedAt).toBeNull();
      });

      it('Verify_WhenNeitherTheTsaCertificateNorItsIssuerIsAnAnchor_IsRefusedAsUntrusted', async () => {
        const stamp = await addGostTimestamp(pki, gostCms);
        serve(200, answerFor(stamp));
        expect(await rule(judgedGost(stamp.cms, certificatesOfPem(readFileSync(pki.path(pki.otherCa), 'utf8'))))).toBe('TIMESTAMP_UNTRUSTED');
      });

      it('Verify_AnImprintOfAHashKelisimDoesNotKnow_IsUnverifiableWhenRequired', async () => {
        const stamp = await addGostTimestamp(pki, gostCms, { imprintAlgorithm: '1.2.643.2.2.9' });
        serve(200, answerFor(stamp, { tspHashAlgorithm: null }));
        expect(await rule(judgedGost(stamp.cms))).toBe('TIMESTAMP_UNVERIFIABLE');
      });

      it.each<[string, (stamp: GostTimestamp) => string]>([
        ['another imprint than the token', (stamp) => answerFor(stamp, { hash: createHash('sha256').update(stamp.imprint).digest('hex') })],
        ['another serial number than the token', (stamp) => answerFor(stamp, { serialNumber: 'ec0699173c3b3bfa785dde45248290a43c4bc288' })],
        ['another time than the token', (stamp) => answerFor(stamp, { genTime: toNcanodeDate(new Date(stamp.genTime.getTime() - 60_000)) })],
        ['another hash algorithm than the token', (stamp) => answerFor(stamp, { tspHashAlgorithm: 'SHA256' })],
        ['no timestamp where the CMS carries one', () => recorded('verify-valid')],
      ])('Verify_WhenNcanodeReports_%s_FailsClosed', async (_what, answer) => {
        const stamp = await addGostTimestamp(pki, gostCms);
        serve(200, answer(stamp));
        expect(await rule(judgedGost(stamp.cms))).toBe('UNAVAILABLE');
      });

      it('Verify_WhenNcanodeRefusesTheTimestampsSignature_IsRefusedAsNotVerified', async () => {
        // NCANode's TspService.info finds no valid token, and orElseThrow() fails the request (400).
        const stamp = await addGostTimestamp(pki, gostCms);
        serve(400, recorded('error-tsp-invalid'));
        expect(await rule(judgedGost(stamp.cms))).toBe('NOT_VERIFIED');
      });

      it.each([
        ['GOST 34.311-95', GOST_34311],
        ['GOST 34.11-2015 256', '1.2.398.3.10.1.3.2'],
      ])('Verify_ACmsDigestedWith%s_IsCheckedByKelisimToo_TheStoredBytesOrTextChanged', async (_name, oid) => {
        serve(200, recorded('verify-valid'));
        const report = await gostVerifier(gostTsa).verify(withDigest(gostCms, oid, PAYLOAD), PAYLOAD);
        expect(report.signer).toMatchObject({ digestAlgorithm: oid, contentMatches: true });
        // Whatever NCANode says, a messageDigest over another text is refused.
        const other = withDigest(gostCms, oid, Buffer.concat([PAYLOAD, Buffer.from('.')]));
        expect(await rule(judgedGost(other, gostTsa, { requireTimestamp: false }))).toBe('TEXT_CHANGED');
      });

      it('Verify_TheSameGostCmsWithPkijs_StaysAnUnsupportedAlgorithm', async () => {
        const stamp = await addGostTimestamp(pki, gostCms);
        expect(await rule(new PkijsCmsVerifier(anchors, gostTsa, now).verify(stamp.cms, PAYLOAD))).toBe('UNSUPPORTED_ALGORITHM');
      });
    });

    it('Verify_WhenNcanodeIsUnreachable_FailsClosed', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const away = new NcanodeCmsVerifier(`http://127.0.0.1:${port}`, 2000, anchors, now);
      expect(await rule(away.verify(akimCms, PAYLOAD))).toBe('UNAVAILABLE');
    });
  });
});
