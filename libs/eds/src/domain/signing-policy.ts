import { type CmsReport, ORGANIZATION_EKU } from './cms-report.js';
import { EdsRefusedError } from './eds.errors.js';

/** What the signature must match: the party organization's BIN and the signing person's IIN. */
export interface SigningExpectation {
  bin: string | null;
  iin: string | null;
  requireTimestamp: boolean;
  /** Only a verifier that asks OCSP (NCANode) can say "good"; with it the answer must be "good". */
  requireRevocationCheck: boolean;
  now: Date;
}

/** Who signed, as the certificate says: kept with the signature, since the certificate expires in about a year. */
export interface SignerFacts {
  commonName: string | null;
  surname: string | null;
  givenName: string | null;
  organization: string | null;
  iin: string;
  bin: string;
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  algorithm: string;
}

export interface AcceptedSignature {
  signer: SignerFacts;
  /** The verified timestamp's time, if the CMS carried one. */
  timestampedAt: string | null;
  /** The time validity was judged at: the timestamp's, else the server's clock. */
  trustedAt: string;
  revocation: NonNullable<CmsReport['signer']>['revocation'];
}

/**
 * The one signing policy, whichever verifier reported: exactly one signer; the signature valid over
 * the stored bytes; a chain to a configured anchor; a signing key (nonRepudiation) of an
 * organization (EKU 1.2.398.3.3.4.1.2); a timestamp when required, its imprint matching the signature
 * and its TSA trusted; the certificate valid at the trusted time; the BIN of the party and the IIN of
 * the person; not revoked (OCSP "good" where it was asked). Anything a verifier could not tell is refused.
 */
export function judgeSignature(report: CmsReport, expected: SigningExpectation): AcceptedSignature {
  const signer = report.signer;
  if (report.signerCount !== 1 || !signer) {
    throw new EdsRefusedError('SIGNER_COUNT', `A signature must have exactly one signer; this one has ${report.signerCount}.`, { count: report.signerCount });
  }
  const certificate = signer.certificate;
  if (signer.contentMatches === false) throw new EdsRefusedError('TEXT_CHANGED', 'The signature was made over another text than the version as frozen.');
  if (signer.signatureValid === false) throw new EdsRefusedError('SIGNATURE_INVALID', 'The signature does not verify over the version as frozen.');
  if (signer.chainTrusted === false) {
    throw new EdsRefusedError('UNTRUSTED_CHAIN', `The certificate of ${certificate.issuer} does not chain to a trusted certification authority.`, { issuer: certificate.issuer });
  }
  if (!certificate.keyUsage?.nonRepudiation) throw new EdsRefusedError('AUTH_KEY', 'The key is not a signing key (nonRepudiation): an authentication (AUTH) key cannot sign.');
  if (!certificate.extendedKeyUsages.includes(ORGANIZATION_EKU)) {
    throw new EdsRefusedError('NOT_ORGANIZATION_KEY', `The certificate is not one of an organization's employee (EKU ${ORGANIZATION_EKU}).`, { eku: ORGANIZATION_EKU });
  }

  const timestamp = signer.timestamp;
  let timestampedAt: string | null = null;
  if (timestamp) {
    if (timestamp.imprintMatches === false) throw new EdsRefusedError('TIMESTAMP_MISMATCH', "The timestamp's imprint does not match the signature.");
    if (timestamp.tsaTrusted === false) throw new EdsRefusedError('TIMESTAMP_UNTRUSTED', 'The timestamp is not signed by a trusted time-stamping authority.');
    if (timestamp.imprintMatches === true && timestamp.tsaTrusted === true) timestampedAt = timestamp.time;
    else if (expected.requireTimestamp) {
      throw new EdsRefusedError(
        'TIMESTAMP_UNVERIFIABLE',
        "The timestamp cannot be checked: its algorithm is unknown to Kelisim, or the time-stamping authority's GOST certificate is not among the configured TSA certificates.",
      );
    }
  } else if (expected.requireTimestamp) {
    throw new EdsRefusedError('TIMESTAMP_MISSING', 'A timestamp (TSP) of the signature is required.');
  }

  const trustedAt = timestampedAt ?? expected.now.toISOString();
  const at = Date.parse(trustedAt);
  if (at < Date.parse(certificate.notBefore)) {
    throw new EdsRefusedError('CERTIFICATE_NOT_YET_VALID', `The certificate is valid from ${certificate.notBefore} only.`, { notBefore: certificate.notBefore });
  }
  if (at > Date.parse(certificate.notAfter)) {
    throw new EdsRefusedError('CERTIFICATE_EXPIRED', `The certificate expired at ${certificate.notAfter}.`, { notAfter: certificate.notAfter });
  }

  if (!expected.bin) throw new EdsRefusedError('ORGANIZATION_WITHOUT_BIN', "The party's organization has no BIN in the directory, so no certificate can be matched to it.");
  if (certificate.bin !== expected.bin) {
    throw new EdsRefusedError('WRONG_BIN', `The certificate's BIN ${certificate.bin ?? '—'} is not the party's BIN ${expected.bin}.`, { found: certificate.bin ?? '—', expected: expected.bin });
  }
  if (!expected.iin) throw new EdsRefusedError('SIGNER_WITHOUT_IIN', 'The signing person has no IIN in the directory, so no certificate can be matched to them.');
  if (certificate.iin !== expected.iin) {
    throw new EdsRefusedError('WRONG_PERSON', `The certificate is of IIN ${certificate.iin ?? '—'}, not of the person signing.`, { found: certificate.iin ?? '—' });
  }

  if (signer.revocation === 'revoked') throw new EdsRefusedError('REVOKED', 'The certificate has been revoked.');
  if (expected.requireRevocationCheck && signer.revocation !== 'good') {
    throw new EdsRefusedError('REVOCATION_UNKNOWN', 'The certificate authority did not confirm (OCSP) that the certificate is not revoked.');
  }
  if (signer.signatureValid !== true || signer.chainTrusted !== true) {
    throw new EdsRefusedError('NOT_VERIFIED', 'The verifier could not establish that the signature is valid.');
  }

  return {
    signer: {
      commonName: certificate.commonName,
      surname: certificate.surname,
      givenName: certificate.givenName,
      organization: certificate.organization,
      iin: expected.iin,
      bin: expected.bin,
      serialNumber: certificate.serialNumber,
      subject: certificate.subject,
      issuer: certificate.issuer,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      algorithm: signer.signatureAlgorithm,
    },
    timestampedAt,
    trustedAt,
    revocation: signer.revocation,
  };
}
