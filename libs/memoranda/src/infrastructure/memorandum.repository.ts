import { Injectable } from '@nestjs/common';
import { MemorandumDeadlines } from './memorandum-deadlines.js';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { Memorandum } from '../domain/memorandum.js';
import { MemorandumRepository } from '../domain/memoranda.repositories.js';
import type { VersionState } from '../domain/version.js';
import { type MemorandumRecord, toState, VERSION_COLUMNS, type VersionRecord } from './memorandum.records.js';

@Injectable()
export class SqlMemorandumRepository extends MemorandumRepository {
  /** The versions as loaded, so a save writes only the versions a command changed. */
  private readonly loaded = new WeakMap<Memorandum, Map<number, string>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deadlines: MemorandumDeadlines,
  ) {
    super();
  }

  async get(id: string, options: { lock?: boolean } = {}): Promise<Memorandum | null> {
    const [row] = (await this.uow.manager.query(`SELECT * FROM memoranda WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])) as MemorandumRecord[];
    if (!row) return null;
    const versions = (await this.uow.manager.query(`SELECT ${VERSION_COLUMNS} FROM memorandum_versions WHERE memorandum_id = $1`, [
      id,
    ])) as VersionRecord[];
    const memorandum = Memorandum.restore(row.id, row.version, toState(row, versions));
    this.loaded.set(memorandum, new Map(memorandum.state.versions.map((v) => [v.number, JSON.stringify(v)])));
    return memorandum;
  }

  async save(memorandum: Memorandum): Promise<void> {
    const events = [...memorandum.peekEvents()];
    if (events.length === 0) return;
    const before = this.loaded.get(memorandum) ?? new Map<number, string>();
    const changed = memorandum.state.versions.filter((v) => before.get(v.number) !== JSON.stringify(v));
    // The memorandum row first: its optimistic check decides whether this command won.
    await saveAggregateRow(this.uow, 'memoranda', memorandum, this.toRecord(memorandum));
    if (changed.length > 0) await this.writeVersions(memorandum.id, changed);
    this.loaded.set(memorandum, new Map(memorandum.state.versions.map((v) => [v.number, JSON.stringify(v)])));
    await this.deadlines.follow(memorandum, events);
  }

  private async writeVersions(memorandumId: string, versions: VersionState[]): Promise<void> {
    const rows = versions.map((v) => ({
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
    await this.uow.manager.query(
      `INSERT INTO memorandum_versions (${VERSION_COLUMNS})
       SELECT $1, r.number, r.status, r.drafter_organization_id, r.clauses, r.text_hash, r.round, r.remarks, r.approvals,
              r.signatures, r.history, r.stage_due_at, r.entered_into_force_at, r.based_on, r.reason
         FROM jsonb_to_recordset($2::jsonb) AS r(number integer, status text, drafter_organization_id uuid, clauses jsonb,
              text_hash text, round integer, remarks jsonb, approvals jsonb, signatures jsonb, history jsonb,
              stage_due_at timestamptz, entered_into_force_at timestamptz, based_on integer, reason text)
        ORDER BY r.number
       ON CONFLICT (memorandum_id, number) DO UPDATE SET
         status = EXCLUDED.status, clauses = EXCLUDED.clauses, text_hash = EXCLUDED.text_hash, round = EXCLUDED.round,
         remarks = EXCLUDED.remarks, approvals = EXCLUDED.approvals, signatures = EXCLUDED.signatures,
         history = EXCLUDED.history, stage_due_at = EXCLUDED.stage_due_at,
         entered_into_force_at = EXCLUDED.entered_into_force_at`,
      [memorandumId, JSON.stringify(rows)],
    );
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
