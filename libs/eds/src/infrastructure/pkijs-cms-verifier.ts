import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { CmsReport } from '../domain/cms-report.js';
import { CmsVerifier } from '../domain/cms-verifier.js';
import { EdsRefusedError } from '../domain/eds.errors.js';
import { certificateFacts, DIGESTS, parseCms, signatureValue, signedMessageDigest, timestampToken } from './cms-structure.js';
import { checkTimestamp } from './timestamp-token.js';

const RSA_KEY = '1.2.840.113549.1.1.1';
/** rsaEncryption (what `openssl cms -sign` writes) and sha{256,384,512}WithRSAEncryption. */
const RSA_SIGNATURES = new Set([RSA_KEY, '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13']);

/** A fresh ArrayBuffer of exactly these bytes (a Buffer's `.buffer` may be a shared pool, and its slice() is a view). */
const exactCopy = (bytes: Uint8Array): ArrayBuffer => Uint8Array.from(bytes).buffer;
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/**
 * Pure JavaScript verification (pkijs over WebCrypto) for RSA keys of the НУЦ РК, development and
 * tests. A GOST key or any algorithm outside RSA with SHA-2 is refused before any cryptography runs
 * (UNSUPPORTED_ALGORITHM): no npm library knows the Kazakh GOST OIDs; that is NCANode's job.
 */
export class PkijsCmsVerifier extends CmsVerifier {
  readonly name = 'pkijs' as const;

  constructor(
    private readonly anchors: readonly pkijs.Certificate[],
    private readonly tsaAnchors: readonly pkijs.Certificate[],
    private readonly now: () => Date,
  ) {
    super();
  }

  async verify(cms: Uint8Array, content: Uint8Array): Promise<CmsReport> {
    const parsed = parseCms(cms);
    const answer: Record<string, unknown> = { verifier: 'pkijs', signerCount: parsed.signerCount };
    const { signerInfo, signerCertificate: certificate } = parsed;
    if (parsed.signerCount !== 1 || !signerInfo) return { verifier: 'pkijs', signerCount: parsed.signerCount, signer: null, answer };
    if (!certificate) throw new EdsRefusedError('MALFORMED', 'The signature is not a readable CMS SignedData: it carries no certificate of its signer.', { why: 'no signer certificate' });
    const digestAlgorithm = signerInfo.digestAlgorithm.algorithmId;
    const signatureAlgorithm = signerInfo.signatureAlgorithm.algorithmId;
    const keyAlgorithm = certificate.subjectPublicKeyInfo.algorithm.algorithmId;
    if (!DIGESTS[digestAlgorithm]) throw unsupported(digestAlgorithm);
    if (!RSA_SIGNATURES.has(signatureAlgorithm)) throw unsupported(signatureAlgorithm);
    if (keyAlgorithm !== RSA_KEY) throw unsupported(keyAlgorithm);
    const facts = certificateFacts(certificate);

    const embeddedMatches = parsed.embeddedContent === null || sameBytes(parsed.embeddedContent, content);
    const signedDigest = signedMessageDigest(signerInfo);
    const digestMatches = signedDigest === null || sameBytes(signedDigest, createHash(DIGESTS[digestAlgorithm]).update(content).digest());
    const contentMatches = embeddedMatches && digestMatches;
    const signatureValid = contentMatches ? await this.signatureVerifies(parsed.signedData, content, answer) : false;
    const chainTrusted = await this.chains(parsed.signedData, certificate);
    const token = timestampToken(signerInfo);
    const timestamp = token ? await checkTimestamp(token, signatureValue(signerInfo), this.tsaAnchors) : null;
    Object.assign(answer, { contentMatches, signatureValid, chainTrusted, timestamp, certificate: facts });
    return {
      verifier: 'pkijs',
      signerCount: 1,
      signer: { certificate: facts, digestAlgorithm, signatureAlgorithm, contentMatches, signatureValid, chainTrusted, timestamp, revocation: 'not_checked' },
      answer,
    };
  }

  private async signatureVerifies(signedData: pkijs.SignedData, content: Uint8Array, answer: Record<string, unknown>): Promise<boolean> {
    try {
      const result = await signedData.verify({ signer: 0, data: exactCopy(content), checkChain: false, extendedMode: true });
      return result.signatureVerified === true;
    } catch (error) {
      answer.signatureError = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  /**
   * Whether the certificate chains to an anchor. Time is the policy's business (it reports an
   * expired certificate as expired, not as untrusted), so the chain is tried at the server's time
   * and at the start and end of the certificate's validity.
   */
  private async chains(signedData: pkijs.SignedData, certificate: pkijs.Certificate): Promise<boolean> {
    const intermediates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const moments = [this.now(), new Date(certificate.notBefore.value.getTime() + 1000), new Date(certificate.notAfter.value.getTime() - 1000)];
    for (const checkDate of moments) {
      const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: [...this.anchors], certs: [...intermediates, certificate], checkDate });
      const result = await engine.verify().catch(() => ({ result: false }));
      if (result.result) return true;
    }
    return false;
  }
}

function unsupported(oid: string): EdsRefusedError {
  const gost = oid.includes('1.2.398.') || oid.includes('1.2.643.');
  return new EdsRefusedError(
    'UNSUPPORTED_ALGORITHM',
    `The signature uses ${gost ? 'a GOST algorithm' : 'an algorithm'} (${oid}) this verifier cannot check; GOST keys are verified with KELISIM_EDS_VERIFIER=ncanode.`,
    { algorithm: oid },
  );
}
