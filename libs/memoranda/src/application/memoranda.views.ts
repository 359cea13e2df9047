import type { MemorandumState, MemorandumStatus, Party } from '../domain/memorandum.js';
import type { ClauseDiff } from '../domain/clause-diff.js';
import type { StageDeadlines } from '../domain/stage-calendar.js';
import { OPEN_STATUSES, type SignatureEds, type VersionState, type VersionStatus, type VersionStep } from '../domain/version.js';

export interface VersionSummaryView {
  number: number;
  status: VersionStatus;
  textHash: string;
  stageDueAt: string | null;
  enteredIntoForceAt: string | null;
  /** Who must act next on this version: organization ids (the reviewer in review, the parties still to approve or sign). */
  awaiting: string[];
}

export interface MemorandumView {
  id: string;
  title: string;
  purpose: string | null;
  status: MemorandumStatus;
  versionInForce: number | null;
  openVersion: number | null;
  reviewerOrganizationId: string;
  drafterOrganizationId: string;
  parties: Party[];
  deadlines: StageDeadlines;
  versions: VersionSummaryView[];
  createdAt: string;
  terminatedAt: string | null;
  terminationReason: string | null;
  revision: number;
}

export interface VersionView {
  memorandumId: string;
  number: number;
  status: VersionStatus;
  drafterOrganizationId: string;
  basedOn: number | null;
  reason: string | null;
  clauses: { number: number; text: string }[];
  textHash: string;
  round: number;
  remarks: { clause: number; text: string; by: string; at: string; round: number }[];
  /** `actingFor`: the signatory the approval or signature was given for by the official acting for them (И.о.); null: in person. */
  approvals: { organizationId: string; by: string; at: string; onBehalf: boolean; actingFor: string | null; comment: string | null }[];
  /** `eds`: the verified ЭЦП (signer, certificate, timestamp); null: a click signature, no ЭЦП. */
  signatures: { organizationId: string; by: string; at: string; textHash: string; onBehalf: boolean; actingFor: string | null; eds: SignatureEds | null }[];
  awaiting: string[];
  stageDueAt: string | null;
  enteredIntoForceAt: string | null;
  history: VersionStep[];
  revision: number;
}

export interface DiffView {
  memorandumId: string;
  from: { number: number; textHash: string };
  to: { number: number; textHash: string };
  summary: Record<ClauseDiff['change'], number>;
  clauses: ClauseDiff[];
}

export function awaiting(state: MemorandumState, v: VersionState): string[] {
  if (v.status === 'in_review') return [state.reviewerOrganizationId];
  if (v.status === 'draft') return [v.drafterOrganizationId];
  const done = new Set((v.status === 'approval' ? v.approvals : v.status === 'signing' ? v.signatures : []).map((x) => x.organizationId));
  if (v.status !== 'approval' && v.status !== 'signing') return [];
  return state.parties.map((p) => p.organizationId).filter((id) => !done.has(id));
}

export function memorandumView(id: string, revision: number, s: MemorandumState): MemorandumView {
  return {
    id,
    title: s.title,
    purpose: s.purpose,
    status: s.status,
    versionInForce: s.versions.find((v) => v.status === 'in_force')?.number ?? null,
    openVersion: s.versions.find((v) => OPEN_STATUSES.includes(v.status))?.number ?? null,
    reviewerOrganizationId: s.reviewerOrganizationId,
    drafterOrganizationId: s.drafterOrganizationId,
    parties: s.parties.map((p) => ({ ...p })),
    deadlines: { ...s.deadlines },
    versions: s.versions.map((v) => ({
      number: v.number,
      status: v.status,
      textHash: v.textHash,
      stageDueAt: v.stageDueAt,
      enteredIntoForceAt: v.enteredIntoForceAt,
      awaiting: awaiting(s, v),
    })),
    createdAt: s.createdAt,
    terminatedAt: s.terminatedAt,
    terminationReason: s.terminationReason,
    revision,
  };
}

export function versionView(id: string, revision: number, s: MemorandumState, v: VersionState): VersionView {
  return {
    memorandumId: id,
    number: v.number,
    status: v.status,
    drafterOrganizationId: v.drafterOrganizationId,
    basedOn: v.basedOn,
    reason: v.reason,
    clauses: v.clauses.map((text, i) => ({ number: i + 1, text })),
    textHash: v.textHash,
    round: v.round,
    remarks: v.remarks.map((r) => ({ ...r })),
    approvals: v.approvals.map((a) => ({ ...a, actingFor: a.actingFor ?? null })),
    signatures: v.signatures.map((x) => ({ ...x, actingFor: x.actingFor ?? null, eds: x.eds ?? null })),
    awaiting: awaiting(s, v),
    stageDueAt: v.stageDueAt,
    enteredIntoForceAt: v.enteredIntoForceAt,
    history: v.history.map((h) => ({ ...h })),
    revision,
  };
}
