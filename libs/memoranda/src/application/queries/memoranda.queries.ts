import { Injectable } from '@nestjs/common';
import { actingAt, type Actor, Clock, hasRole, InvalidTransitionError, NotFoundError } from '@kelisim/kernel';
import { decodeCursor, type Page, sqlConditions, toPage, UnitOfWork } from '@kelisim/persistence';
import { diffClauses } from '../../domain/clause-diff.js';
import { Memorandum, type MemorandumStatus } from '../../domain/memorandum.js';

import { type MemorandumRecord, toState, VERSION_COLUMNS, type VersionRecord } from '../memorandum.records.js';
import { type DiffView, memorandumView, type MemorandumView, versionView, type VersionView } from '../memoranda.views.js';

export interface MemorandumFilter {
  status?: MemorandumStatus;
  /** Only memoranda whose open version awaits the caller's review, approval or signature. */
  waitingForMe?: boolean;
  limit: number;
  cursor?: string;
}

/** Reads skip the domain's commands: SQL into the same views the commands answer with. */
@Injectable()
export class MemorandaQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async memorandum(actor: Actor, id: string): Promise<MemorandumView> {
    const m = await this.load(actor, id);
    return memorandumView(m.id, m.version, m.state);
  }

  async version(actor: Actor, id: string, number: number): Promise<VersionView> {
    const m = await this.load(actor, id);
    return versionView(m.id, m.version, m.state, m.getVersion(number));
  }

  /** The version and its memorandum from one read, so both show the same revision. */
  async versionWithMemorandum(actor: Actor, id: string, number: number): Promise<{ memorandum: MemorandumView; version: VersionView }> {
    const m = await this.load(actor, id);
    return { memorandum: memorandumView(m.id, m.version, m.state), version: versionView(m.id, m.version, m.state, m.getVersion(number)) };
  }

  /**
   * The bytes an ЭЦП signs: the version's text as stored when it was frozen, for the parties'
   * signatories (and admins); 409 while the version is a draft (its text is not frozen yet).
   */
  async signingPayload(actor: Actor, id: string, number: number): Promise<{ number: number; payload: Buffer; textHash: string }> {
    const m = await this.load(actor, id);
    const v = m.getVersion(number);
    if (!hasRole(actor, 'admin')) m.actingForParty('read the signing payload', actor, null, this.clock.now());
    const payload = await this.storedPayload(id, number);
    if (!payload || v.status === 'draft') throw new InvalidTransitionError('version', v.status, 'sign');
    return { number, payload, textHash: v.textHash };
  }

  /** The frozen bytes of a version, whoever asks (callers check who may see them). */
  async storedPayload(id: string, number: number): Promise<Buffer | null> {
    const [row] = (await this.uow.query('SELECT signing_payload FROM memorandum_versions WHERE memorandum_id = $1 AND number = $2', [id, number])) as {
      signing_payload: Buffer | null;
    }[];
    return row?.signing_payload ?? null;
  }

  /** The CMS of each ЭЦП signature of a version (by evidence id), for the export's .p7s files. */
  async signatureCms(id: string, number: number, evidenceIds: readonly string[]): Promise<Map<string, Buffer>> {
    if (evidenceIds.length === 0) return new Map();
    const rows = (await this.uow.query(
      'SELECT id, cms FROM memorandum_signature_evidence WHERE memorandum_id = $1 AND version_number = $2 AND id = ANY($3::uuid[])',
      [id, number, [...evidenceIds]],
    )) as { id: string; cms: Buffer }[];
    return new Map(rows.map((row) => [row.id, row.cms]));
  }

  async diff(actor: Actor, id: string, number: number, against: number): Promise<DiffView> {
    const m = await this.load(actor, id);
    const to = m.getVersion(number);
    const from = m.getVersion(against);
    const clauses = diffClauses(from.clauses, to.clauses);
    const summary = { added: 0, removed: 0, changed: 0, unchanged: 0 };
    for (const clause of clauses) summary[clause.change] += 1;
    return { memorandumId: m.id, from: { number: from.number, textHash: from.textHash }, to: { number: to.number, textHash: to.textHash }, summary, clauses };
  }

  async list(actor: Actor, filter: MemorandumFilter): Promise<Page<MemorandumView>> {
    const { params, add, param, clause } = sqlConditions();
    if (!hasRole(actor, 'admin', 'controller')) {
      add('(m.reviewer_organization_id = ? OR m.party_organization_ids @> ARRAY[?]::uuid[])', actor.organizationId, actor.organizationId);
    }
    if (filter.status) add('m.status = ?', filter.status);
    if (filter.waitingForMe) {
      const org = param(actor.organizationId);
      // The caller's own party, and the parties of the signatories they act for now (И.о.).
      const acting = actingAt(actor, this.clock.now());
      const signatories = [actor.userId, ...acting.filter((a) => a.roles.includes('signatory')).map((a) => a.principalId)];
      const mine = signatories.map((id) => `m.parties @> ${param(JSON.stringify([{ signatoryId: id }]))}::jsonb`).join(' OR ');
      const partyAwaits = (list: string) =>
        `((${mine}) AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v.${list}) x WHERE x->>'organizationId' = ${org}::text))`;
      const reviews = hasRole(actor, 'prosecutor') || acting.some((a) => a.roles.includes('prosecutor'));
      add(`EXISTS (SELECT 1 FROM memorandum_versions v WHERE v.memorandum_id = m.id AND v.number = m.open_version AND (
             ${reviews ? `(v.status = 'in_review' AND m.reviewer_organization_id = ${org}::uuid) OR` : ''}
             (v.status = 'approval' AND ${partyAwaits('approvals')}) OR
             (v.status = 'signing' AND ${partyAwaits('signatures')})))`);
    }
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add('(m.created_at, m.id) < (?::timestamptz, ?::uuid)', after.k, after.id);
    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(
      `SELECT m.* FROM memoranda m ${clause()} ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit}`,
      params,
    )) as MemorandumRecord[];
    const page = rows.slice(0, filter.limit);
    const versions = page.length
      ? ((await this.uow.query(
          `SELECT ${VERSION_COLUMNS.replace('clauses', `'[]'::jsonb AS clauses`).replace('history', `'[]'::jsonb AS history`)}
             FROM memorandum_versions WHERE memorandum_id = ANY($1::uuid[])`,
          [page.map((r) => r.id)],
        )) as VersionRecord[])
      : [];
    return toPage(
      rows,
      filter.limit,
      (r) => ({ k: new Date(r.created_at).toISOString(), id: r.id }),
      (r) => memorandumView(r.id, r.version, toState(r, versions.filter((v) => v.memorandum_id === r.id))),
    );
  }

  /** The memorandum as the caller may see it (404 otherwise), read without a lock: for checks made before a command. */
  async load(actor: Actor, id: string): Promise<Memorandum> {
    const [row] = (await this.uow.query('SELECT * FROM memoranda WHERE id = $1', [id])) as MemorandumRecord[];
    if (!row) throw new NotFoundError('memorandum', id);
    const versions = (await this.uow.query(`SELECT ${VERSION_COLUMNS} FROM memorandum_versions WHERE memorandum_id = $1`, [
      id,
    ])) as VersionRecord[];
    const m = Memorandum.restore(row.id, row.version, toState(row, versions));
    if (!m.isVisibleTo(actor)) throw new NotFoundError('memorandum', id);
    return m;
  }
}

