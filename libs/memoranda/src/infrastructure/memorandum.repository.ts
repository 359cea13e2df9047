import { Injectable } from '@nestjs/common';
import { type BatchStatement, saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { canonicalText } from '../domain/canonical-text.js';
import { Memorandum } from '../domain/memorandum.js';
import { MemorandumRepository } from '../domain/memoranda.repositories.js';
import type { SignatureEvidence, VersionState } from '../domain/version.js';
import { type MemorandumRecord, toState, VERSION_COLUMNS, type VersionRecord } from '../application/memorandum.records.js';

/** Only persists: the stage's deadline is the command's to move (MemorandumDeadlines). */
@Injectable()
export class SqlMemorandumRepository extends MemorandumRepository {
  /** The versions as loaded, so a save writes only the versions a command changed. */
  private readonly loaded = new WeakMap<Memorandum, Map<number, string>>();

  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async get(id: string, options: { lock?: boolean } = {}): Promise<Memorandum | null> {
    // One message: the row (locked when asked: the versions are read after the lock is granted, in
    // a snapshot of their own, so they are what the previous holder committed) and its versions.
    const [[row], versions] = (await this.uow.batch([
      { text: `SELECT * FROM memoranda WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, values: [id] },
      { text: `SELECT ${VERSION_COLUMNS} FROM memorandum_versions WHERE memorandum_id = $1`, values: [id] },
    ])) as unknown as [MemorandumRecord[], VersionRecord[]];
    if (!row) return null;
    const memorandum = Memorandum.restore(row.id, row.version, toState(row, versions));
    this.loaded.set(memorandum, new Map(memorandum.state.versions.map((v) => [v.number, JSON.stringify(v)])));
    return memorandum;
  }

  async save(memorandum: Memorandum): Promise<void> {
    const events = [...memorandum.peekEvents()];
    if (events.length === 0) return;
    const before = this.loaded.get(memorandum) ?? new Map<number, string>();
    const changed = memorandum.state.versions.filter((v) => before.get(v.number) !== JSON.stringify(v));
    // A submitted version is frozen: the bytes an ЭЦП will sign are stored now, verbatim, and
    // never computed again.
    const frozen = new Set(events.filter((e) => e.type === 'VersionSubmitted').map((e) => e.payload.number as number));
    const alongside = changed.length > 0 ? [versionsStatement(memorandum.id, changed, frozen)] : [];
    alongside.push(...memorandum.takeEvidence().map(evidenceStatement));
    // The memorandum row, the changed versions and any ЭЦП evidence in one message; the row's
    // optimistic check decides whether this command won (a lost check rolls the rest back with it).
    await saveAggregateRow(this.uow, 'memoranda', memorandum, this.toRecord(memorandum), alongside);
    this.loaded.set(memorandum, new Map(memorandum.state.versions.map((v) => [v.number, JSON.stringify(v)])));
  }

  private toRecord(memorandum: Memorandum): Record<string, unknown> {
    const s = memorandum.state;
    return {
      title: s.title,
      purpose: s.purpose,
      status: s.status,
      reviewer_organization_id: s.reviewerOrganizationId,
      drafter_organization_id: s.drafterOrganizationId,
      created_by: s.createdBy,
      parties: JSON.stringify(s.parties),
      party_organization_ids: s.parties.map((p) => p.organizationId),
      deadlines: JSON.stringify(s.deadlines),
      version_in_force: memorandum.versionInForce?.number ?? null,
      open_version: memorandum.openVersion?.number ?? null,
      open_status: memorandum.openVersion?.status ?? null,
      terminated_at: s.terminatedAt,
      termination_reason: s.terminationReason,
      created_at: s.createdAt,
      updated_at: new Date(),
    };
  }
}

/** Upserts versions of a memorandum (those a command changed) from one jsonb document. */
function versionsStatement(memorandumId: string, versions: VersionState[], frozen: ReadonlySet<number>): BatchStatement {
  const rows = versions.map((v) => ({
    signing_payload: frozen.has(v.number) ? Buffer.from(canonicalText(v.clauses), 'utf8').toString('base64') : null,
    number: v.number,
    status: v.status,
    drafter_organization_id: v.drafterOrganizationId,
    clauses: v.clauses,
    text_hash: v.textHash,
    round: v.round,
    remarks: v.remarks,
    approvals: v.approvals,
    signatures: v.signatures,
    history: v.history,
    stage_due_at: v.stageDueAt,
    entered_into_force_at: v.enteredIntoForceAt,
    based_on: v.basedOn,
    reason: v.reason,
  }));
  return {
    text: `INSERT INTO memorandum_versions (${VERSION_COLUMNS}, signing_payload)
       SELECT $1, r.number, r.status, r.drafter_organization_id, r.clauses, r.text_hash, r.round, r.remarks, r.approvals,
              r.signatures, r.history, r.stage_due_at, r.entered_into_force_at, r.based_on, r.reason, decode(r.signing_payload, 'base64')
         FROM jsonb_to_recordset($2::jsonb) AS r(number integer, status text, drafter_organization_id uuid, clauses jsonb,
              text_hash text, round integer, remarks jsonb, approvals jsonb, signatures jsonb, history jsonb,
              stage_due_at timestamptz, entered_into_force_at timestamptz, based_on integer, reason text, signing_payload text)
        ORDER BY r.number
       ON CONFLICT (memorandum_id, number) DO UPDATE SET
         status = EXCLUDED.status, clauses = EXCLUDED.clauses, text_hash = EXCLUDED.text_hash, round = EXCLUDED.round,
         remarks = EXCLUDED.remarks, approvals = EXCLUDED.approvals, signatures = EXCLUDED.signatures,
         history = EXCLUDED.history, stage_due_at = EXCLUDED.stage_due_at,
         entered_into_force_at = EXCLUDED.entered_into_force_at,
         signing_payload = coalesce(EXCLUDED.signing_payload, memorandum_versions.signing_payload)`,
    values: [memorandumId, JSON.stringify(rows)],
  };
}

function evidenceStatement(e: SignatureEvidence): BatchStatement {
  return {
    text: `INSERT INTO memorandum_signature_evidence (id, memorandum_id, version_number, organization_id, signed_by, signed_at, verifier, cms,
             cms_sha256, text_hash, signer, timestamped_at, trusted_at, revocation, verified_at, verifier_answer)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    values: [
      e.evidenceId,
      e.memorandumId,
      e.number,
      e.organizationId,
      e.by,
      e.at,
      e.verifier,
      Buffer.from(e.cms),
      e.cmsSha256,
      e.textHash,
      JSON.stringify(e.signer),
      e.timestampedAt,
      e.trustedAt,
      e.revocation,
      e.verifiedAt,
      JSON.stringify(e.verifierAnswer ?? null),
    ],
  };
}
