import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { addTimestamp, makeTestPki, signCms, type TestPki } from '@kelisim/testing';
import type { CmsReport } from '../../libs/eds/src/domain/cms-report.js';
import { EdsRefusedError, EdsVerifierUnavailableError } from '../../libs/eds/src/domain/eds.errors.js';
import { judgeSignature, type SigningExpectation } from '../../libs/eds/src/domain/signing-policy.js';
import { certificatesOfPem } from '../../libs/eds/src/infrastructure/cms-structure.js';
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
      serve(200, recorded('verify-valid-tsp', { genTime: tst.genTime.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '+00:00'), imprint }));
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
