export { EdsModule } from './eds.module.js';
export { SignatureVerification, type SignatureKind, type SignatureToCheck, type VerifiedSignature } from './application/signature-verification.js';
export type { SignerFacts } from './domain/signing-policy.js';
export { EDS_RULES, EdsRefusedError, type EdsRule } from './domain/eds.errors.js';
export { ORGANIZATION_EKU } from './domain/cms-report.js';
