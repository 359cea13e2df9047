/** The ЭЦП verifiers Kelisim can use; `none` keeps the click signature. */
export const EDS_VERIFIERS = ['none', 'pkijs', 'ncanode'] as const;
export type EdsVerifierName = (typeof EDS_VERIFIERS)[number];

/** The NCA organization EKU: a certificate of an employee of a legal entity (юр. лицо). */
export const ORGANIZATION_EKU = '1.2.398.3.3.4.1.2';

/** What a certificate says about its holder and its key, read from the certificate itself. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** Lower-case hex, no leading zeros (as NCANode prints it). */
  serialNumber: string;
  commonName: string | null;
  surname: string | null;
  givenName: string | null;
  organization: string | null;
  /** From `SERIALNUMBER=IIN…`. */
  iin: string | null;
  /** From `OU=BIN…` or `SERIALNUMBER=BIN…`. */
  bin: string | null;
  notBefore: string;
  notAfter: string;
  /** null: the certificate has no key-usage extension. */
  keyUsage: { digitalSignature: boolean; nonRepudiation: boolean; keyEncipherment: boolean } | null;
  extendedKeyUsages: string[];
  publicKeyAlgorithm: string;
  signatureAlgorithm: string;
}

export interface TimestampReport {
  /** TSTInfo genTime. */
  time: string;
  /** The token's message imprint equals the hash of the signature value; null: could not be computed. */
  imprintMatches: boolean | null;
  /** The token is signed by a time-stamping certificate that chains to a TSA anchor; null: could not be checked. */
  tsaTrusted: boolean | null;
  serialNumber: string | null;
}

/**
 * What a verifier found in a detached CMS over the stored bytes, without judging it: the signing
 * policy judges. `null` in a verdict means the verifier could not tell, and the policy then refuses.
 */
export interface CmsReport {
  verifier: Exclude<EdsVerifierName, 'none'>;
  signerCount: number;
  signer: {
    certificate: CertificateFacts;
    digestAlgorithm: string;
    signatureAlgorithm: string;
    /** The signed message digest equals the digest of the stored bytes. */
    contentMatches: boolean | null;
    signatureValid: boolean | null;
    /** The signer's certificate chains to a configured anchor (its time aside: the policy checks validity). */
    chainTrusted: boolean | null;
    timestamp: TimestampReport | null;
    revocation: 'good' | 'revoked' | 'unknown' | 'not_checked';
  } | null;
  /** The verifier's own answer, kept as evidence. */
  answer: unknown;
}
