import type * as pkijs from 'pkijs';
import type { CmsReport, TimestampReport } from '../domain/cms-report.js';
import { CmsVerifier } from '../domain/cms-verifier.js';
import { EdsRefusedError, EdsVerifierUnavailableError } from '../domain/eds.errors.js';
import { certificateFacts, parseCms, signatureValue, signedMessageDigest, timestampToken } from './cms-structure.js';
import { digestByOid } from './digests.js';
import { type NcanodeSigner, readNcanodeAnswer } from './ncanode-answer.js';
import { checkTimestamp, readTimestamp, tsaCertificatePinned } from './timestamp-token.js';

/**
 * NCANode's names of a timestamp's hash (`tspHashAlgorithm`, from KalkanUtil.getHashingAlgorithmByOID;
 * its API document's example spells GOST 34.311-95 "GOST3411"). NCANode 3 names no GOST 34.11-2015
 * hash and says null for it.
 */
const NCANODE_HASH_NAMES: Readonly<Partial<Record<string, readonly string[]>>> = {
  '2.16.840.1.101.3.4.2.1': ['SHA256'],
  '2.16.840.1.101.3.4.2.2': ['SHA384'],
  '2.16.840.1.101.3.4.2.3': ['SHA512'],
  '1.2.398.3.10.1.3.1': ['GOST34311', 'GOST3411'],
  '1.3.6.1.4.1.6801.1.2.1': ['GOST34311GT'],
};
const sameSecond = (a: string, b: string): boolean => Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);

/**
 * NCANode 3 (the open-source NCA verification service, Kalkan inside: the only way to check the
 * Kazakh GOST keys) at `KELISIM_NCANODE_URL`: `POST /cms/verify {cms, data, revocationCheck: ["OCSP"]}`.
 * NCANode judges the cryptography (signature, issuer among its НУЦ certificates, dates, OCSP); the
 * certificate facts are read from the CMS itself, as for pkijs, and must name the certificate
 * NCANode judged. Anything unexpected fails closed.
 */
export class NcanodeCmsVerifier extends CmsVerifier {
  readonly name = 'ncanode' as const;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly tsaAnchors: readonly pkijs.Certificate[],
    private readonly now: () => Date,
  ) {
    super();
  }

  async verify(cms: Uint8Array, content: Uint8Array): Promise<CmsReport> {
    const parsed = parseCms(cms);
    const { signerInfo, signerCertificate } = parsed;
    if (parsed.signerCount !== 1 || !signerInfo) return { verifier: 'ncanode', signerCount: parsed.signerCount, signer: null, answer: null };
    if (!signerCertificate) throw new EdsRefusedError('MALFORMED', 'The signature is not a readable CMS SignedData: it carries no certificate of its signer.', { why: 'no signer certificate' });
    const facts = certificateFacts(signerCertificate);
    const answer = await this.ask({ revocationCheck: ['OCSP'], cms: Buffer.from(cms).toString('base64'), data: Buffer.from(content).toString('base64') });

    let verdict;
    try {
      verdict = readNcanodeAnswer(answer);
    } catch (error) {
      throw new EdsVerifierUnavailableError(`NCANode answered outside its API: ${(error as Error).message}`);
    }
    if (verdict.signers.length !== 1) throw new EdsVerifierUnavailableError(`NCANode saw ${verdict.signers.length} signers where the CMS has one`);
    const [judged] = verdict.signers;
    const certificate = judged.certificates.find((c) => c.serialNumber === facts.serialNumber);
    if (!certificate) throw new EdsVerifierUnavailableError(`NCANode judged another certificate than the signer's ${facts.serialNumber}`);

    const ocsp = certificate.revocations.filter((r) => r.by === 'OCSP');
    const revocation = ocsp.some((r) => r.revoked) ? 'revoked' : ocsp.length > 0 ? 'good' : 'unknown';
    const now = this.now().getTime();
    const current = now >= Date.parse(facts.notBefore) && now <= Date.parse(facts.notAfter);
    // NCANode's `valid` is signature ∧ certificate; the certificate's is issuer ∧ dates ∧ OCSP.
    const signatureValid = verdict.valid ? true : certificate.valid ? false : null;
    const chainTrusted = certificate.valid ? true : current && revocation === 'good' ? false : null;

    const signedDigest = signedMessageDigest(signerInfo);
    const contentDigest = signedDigest ? digestByOid(signerInfo.digestAlgorithm.algorithmId, content) : null;
    const contentMatches = contentDigest && signedDigest ? contentDigest.equals(Buffer.from(signedDigest)) : null;

    const token = timestampToken(signerInfo);
    if (Boolean(token) !== Boolean(judged.tsp)) throw new EdsVerifierUnavailableError('NCANode and the CMS disagree on whether it carries a timestamp');
    const timestamp = token && judged.tsp ? await this.timestamp(token, signatureValue(signerInfo), judged.tsp) : null;
    return {
      verifier: 'ncanode',
      signerCount: 1,
      signer: {
        certificate: facts,
        digestAlgorithm: signerInfo.digestAlgorithm.algorithmId,
        signatureAlgorithm: signerInfo.signatureAlgorithm.algorithmId,
        contentMatches,
        signatureValid,
        chainTrusted,
        timestamp,
        revocation,
      },
      answer,
    };
  }

  /**
   * The signature's timestamp. NCANode answers with a \`tsp\` only when the token's signature verifies
   * with the certificate the token carries (TspService.info; otherwise the whole request fails), and
   * reports the token's own imprint (\`hash\`), not a hash it computed. So Kelisim computes the imprint
   * (SHA-2 or GOST) over the signature value and NCANode's report must describe this very token: its
   * time, imprint and hash algorithm. A GOST-signed token is trusted when its certificate is itself a
   * TSA anchor (tsaCertificatePinned); an RSA one is checked with pkijs as everywhere.
   */
  private async timestamp(token: pkijs.SignedData, signature: Uint8Array, reported: NonNullable<NcanodeSigner['tsp']>): Promise<TimestampReport> {
    const info = readTimestamp(token);
    const serial = (hex: string | null) => hex?.replace(/^0+(?=.)/, '') ?? null;
    if (serial(reported.serialNumber) !== serial(info.serialNumber)) throw new EdsVerifierUnavailableError("NCANode reports another timestamp serial number than the token's");
    if (!sameSecond(info.time, reported.genTime)) throw new EdsVerifierUnavailableError("NCANode reports another timestamp time than the token's");
    if (reported.hash !== info.imprint.toString('hex')) throw new EdsVerifierUnavailableError("NCANode reports another timestamp imprint than the token's");
    const names = NCANODE_HASH_NAMES[info.imprintAlgorithm];
    if (names ? !names.includes(reported.tspHashAlgorithm ?? '') : reported.tspHashAlgorithm !== null) {
      throw new EdsVerifierUnavailableError(`NCANode names the timestamp's hash ${reported.tspHashAlgorithm ?? 'null'} where the token uses ${info.imprintAlgorithm}`);
    }
    const checked = await checkTimestamp(token, signature, this.tsaAnchors);
    return { ...checked, tsaTrusted: checked.tsaTrusted ?? tsaCertificatePinned(token, this.tsaAnchors) };
  }

  private async ask(request: object): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL('cms/verify', this.url.endsWith('/') ? this.url : `${this.url}/`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new EdsVerifierUnavailableError(`NCANode at ${this.url} is unreachable: ${(error as Error).message}`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status >= 400 && response.status < 500) {
      // NCANode could not read or check this CMS (its ClientException): not a signature Kelisim can accept.
      const message = typeof (body as { message?: unknown })?.message === 'string' ? (body as { message: string }).message : `HTTP ${response.status}`;
      throw new EdsRefusedError('NOT_VERIFIED', `NCANode could not verify the signature: ${message}.`, { reason: message.slice(0, 300) });
    }
    if (!response.ok || body === undefined) throw new EdsVerifierUnavailableError(`NCANode answered HTTP ${response.status}${body === undefined ? ' without JSON' : ''}`);
    return body;
  }
}

