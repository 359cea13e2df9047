import { createHash } from 'node:crypto';
import type * as pkijs from 'pkijs';
import type { CmsReport } from '../domain/cms-report.js';
import { CmsVerifier } from '../domain/cms-verifier.js';
import { EdsRefusedError, EdsVerifierUnavailableError } from '../domain/eds.errors.js';
import { certificateFacts, DIGESTS, parseCms, signatureValue, signedMessageDigest, timestampToken } from './cms-structure.js';
import { readNcanodeAnswer } from './ncanode-answer.js';
import { checkTimestamp } from './timestamp-token.js';

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

    const digest = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
    const signedDigest = signedMessageDigest(signerInfo);
    const contentMatches = digest && signedDigest ? createHash(digest).update(content).digest().equals(Buffer.from(signedDigest)) : null;

    const token = timestampToken(signerInfo);
    if (Boolean(token) !== Boolean(judged.tsp)) throw new EdsVerifierUnavailableError('NCANode and the CMS disagree on whether it carries a timestamp');
    const timestamp = token ? await checkTimestamp(token, signatureValue(signerInfo), this.tsaAnchors) : null;
    if (timestamp && judged.tsp && Date.parse(timestamp.time) !== Date.parse(judged.tsp.genTime)) {
      throw new EdsVerifierUnavailableError("NCANode reports another timestamp time than the token's");
    }
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

