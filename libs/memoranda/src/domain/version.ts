import { textHash } from './canonical-text.js';

export const VERSION_STATUSES = ['draft', 'in_review', 'approval', 'signing', 'in_force', 'superseded', 'withdrawn'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** A version is open while it can still change; at most one is open at a time. */
export const OPEN_STATUSES: readonly VersionStatus[] = ['draft', 'in_review', 'approval', 'signing'];

/** A prosecutor's remark on one clause, kept with the review round it was made in. */
export interface Remark {
  clause: number;
  text: string;
  by: string;
  at: string;
  round: number;
  /** The principal the prosecutor acted for (И.о.), if any. */
  actingFor?: string;
}

export interface Approval {
  organizationId: string;
  by: string;
  at: string;
  onBehalf: boolean;
  /** The signatory this approval was given for by the official acting for them (И.о.); null or absent: in person. */
  actingFor?: string | null;
  comment: string | null;
}

export interface Signature {
  organizationId: string;
  by: string;
  at: string;
  textHash: string;
  onBehalf: boolean;
  /** The signatory this signature was made for by the official acting for them (И.о.); null or absent: in person. */
  actingFor?: string | null;
  /** The ЭЦП that made this signature, as verified; null (or absent in older rows): a click signature, no ЭЦП. */
  eds?: SignatureEds | null;
}

/** Who signed with which certificate, as verified at signing time; the CMS itself is kept beside it (evidenceId). */
export interface SignatureEds {
  evidenceId: string;
  verifier: 'pkijs' | 'ncanode';
  cmsSha256: string;
  signer: {
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
  };
  /** The verified timestamp (TSP) of the signature, if it had one. */
  timestampedAt: string | null;
  /** When the certificate's validity was judged: the timestamp's time, else the server's. */
  trustedAt: string;
}

/** A verified ЭЦП handed to `sign`: what the signature keeps, and the evidence stored beside it. */
export interface EdsSignature extends SignatureEds {
  /** SHA-256 of the bytes the CMS was verified over: must be the version's text hash. */
  textHash: string;
  cms: Uint8Array;
  verifiedAt: string;
  revocation: string;
  verifierAnswer: unknown;
}

/** Evidence of one ЭЦП signature, for the repository to store with the command. */
export interface SignatureEvidence extends EdsSignature {
  memorandumId: string;
  number: number;
  organizationId: string;
  by: string;
  at: string;
}

/** What happened to the version, step by step: the console's history and "who has acted". */
export interface VersionStep {
  action: string;
  by: string | null;
  organizationId: string | null;
  at: string;
  round: number;
  note: string | null;
  /** The official the actor acted for (И.о.), if any. */
  actingFor?: string;
}

export interface VersionState {
  number: number;
  status: VersionStatus;
  drafterOrganizationId: string;
  clauses: string[];
  textHash: string;
  /** Review rounds so far: each submission starts one. */
  round: number;
  remarks: Remark[];
  approvals: Approval[];
  signatures: Signature[];
  history: VersionStep[];
  stageDueAt: string | null;
  enteredIntoForceAt: string | null;
  /** For an amendment: the version it was copied from, and why it was opened. */
  basedOn: number | null;
  reason: string | null;
}

export function newVersion(
  number: number,
  drafterOrganizationId: string,
  clauses: string[],
  amendment: { basedOn: number; reason: string } | null = null,
): VersionState {
  return {
    number,
    status: 'draft',
    drafterOrganizationId,
    clauses: [...clauses],
    textHash: textHash(clauses),
    round: 0,
    remarks: [],
    approvals: [],
    signatures: [],
    history: [],
    stageDueAt: null,
    enteredIntoForceAt: null,
    basedOn: amendment?.basedOn ?? null,
    reason: amendment?.reason ?? null,
  };
}
