import type { MemorandumState, MemorandumStatus, Party } from '../domain/memorandum.js';
import type { StageDeadlines } from '../domain/stage-calendar.js';
import type { Approval, Remark, Signature, VersionState, VersionStatus, VersionStep } from '../domain/version.js';

export interface MemorandumRecord {
  id: string;
  title: string;
  purpose: string | null;
  status: MemorandumStatus;
  reviewer_organization_id: string;
  drafter_organization_id: string;
  created_by: string | null;
  parties: Party[];
  deadlines: StageDeadlines;
  terminated_at: Date | null;
  termination_reason: string | null;
  version: number;
  created_at: Date;
}

export interface VersionRecord {
  memorandum_id: string;
  number: number;
  status: VersionStatus;
  drafter_organization_id: string;
  clauses: string[];
  text_hash: string;
  round: number;
  remarks: Remark[];
  approvals: Approval[];
  signatures: Signature[];
  history: VersionStep[];
  stage_due_at: Date | null;
  entered_into_force_at: Date | null;
  based_on: number | null;
  reason: string | null;
}

export const VERSION_COLUMNS = `memorandum_id, number, status, drafter_organization_id, clauses, text_hash, round, remarks, approvals,
  signatures, history, stage_due_at, entered_into_force_at, based_on, reason`;

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

/** Rows → the aggregate's plain state; the repository and the read side share it. */
export function toState(row: MemorandumRecord, versions: VersionRecord[]): MemorandumState {
  return {
    title: row.title,
    purpose: row.purpose,
    status: row.status,
    reviewerOrganizationId: row.reviewer_organization_id,
    drafterOrganizationId: row.drafter_organization_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    parties: row.parties,
    deadlines: row.deadlines,
    versions: versions.sort((a, b) => a.number - b.number).map(toVersionState),
    terminatedAt: iso(row.terminated_at),
    terminationReason: row.termination_reason,
  };
}

export function toVersionState(row: VersionRecord): VersionState {
  return {
    number: row.number,
    status: row.status,
    drafterOrganizationId: row.drafter_organization_id,
    clauses: row.clauses,
    textHash: row.text_hash,
    round: row.round,
    remarks: row.remarks,
    approvals: row.approvals,
    signatures: row.signatures,
    history: row.history,
    stageDueAt: iso(row.stage_due_at),
    enteredIntoForceAt: iso(row.entered_into_force_at),
    basedOn: row.based_on,
    reason: row.reason,
  };
}
