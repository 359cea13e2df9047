import { ServiceUnavailableError, SignatureRefusedError } from '@kelisim/kernel';

/**
 * The rules of the signing policy; each refusal is a 422 with the code `EDS.<RULE>` and a kk/ru/en
 * text (eds.problems.ts). Nothing is recorded when one applies.
 */
export const EDS_RULES = [
  'NOT_CONFIGURED',
  'CMS_REQUIRED',
  'MALFORMED',
  'UNSUPPORTED_ALGORITHM',
  'SIGNER_COUNT',
  'TEXT_CHANGED',
  'SIGNATURE_INVALID',
  'UNTRUSTED_CHAIN',
  'AUTH_KEY',
  'NOT_ORGANIZATION_KEY',
  'TIMESTAMP_MISSING',
  'TIMESTAMP_MISMATCH',
  'TIMESTAMP_UNTRUSTED',
  'TIMESTAMP_UNVERIFIABLE',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_EXPIRED',
  'ORGANIZATION_WITHOUT_BIN',
  'WRONG_BIN',
  'SIGNER_WITHOUT_IIN',
  'WRONG_PERSON',
  'REVOKED',
  'REVOCATION_UNKNOWN',
  'NOT_VERIFIED',
] as const;
export type EdsRule = (typeof EDS_RULES)[number];

export class EdsRefusedError extends SignatureRefusedError {
  constructor(
    readonly rule: EdsRule,
    message: string,
    params: Record<string, string | number> = {},
  ) {
    super(`EDS.${rule}`, message, { rule, ...params });
  }
}

/** The verifier service (NCANode) is unreachable or answered outside its documented shape: fail closed. */
export class EdsVerifierUnavailableError extends ServiceUnavailableError {
  constructor(reason: string) {
    super('EDS.VERIFIER_UNAVAILABLE', `The ЭЦП verifier did not give a usable answer (${reason}); nothing was recorded.`, { reason });
  }
}
