import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, journalEventColumns, type JournalEventRow, type Page, sqlConditions, toJournalEvent, toPage } from '@kelisim/persistence';
import type { JournalVerdict } from '../domain/verification/journal-verifier.js';
import { verifyStoredJournal } from './journal-reader.js';
import { JournalKey } from './journal-key.js';

export interface AuditEventView {
  position: number;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  occurredAt: string;
  hash: string;
  prevHash: string;
}

export interface AuditFilter {
  streamId?: string;
  streamType?: string;
  type?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

/** The journal read as an audit trail, oldest first, and its verification (recomputed in Node). */
@Injectable()
export class AuditQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: JournalKey,
  ) {}

  async events(filter: AuditFilter): Promise<Page<AuditEventView>> {
    const { params, add, clause, param } = sqlConditions();
    if (filter.streamId) add('stream_id = ?', filter.streamId);
    if (filter.streamType) add('stream_type = ?', filter.streamType);
    if (filter.type) add('type = ?', filter.type);
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.from) add('occurred_at >= ?', filter.from);
    if (filter.to) add('occurred_at < ?', filter.to);
    const after = decodeCursor(filter.cursor, 'position');
    if (after) add('position > ?', after.k);
    const limit = param(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${journalEventColumns()}
         FROM journal_events ${clause()} ORDER BY position LIMIT ${limit}`,
      params,
    )) as JournalEventRow[];
    return toPage(rows, filter.limit, (r) => ({ k: Number(r.position), id: r.stream_id }), toView);
  }

  verify(): Promise<JournalVerdict> {
    return verifyStoredJournal(this.dataSource, this.key.signer.verifier);
  }
}

const toView = (row: JournalEventRow): AuditEventView => {
  const event = toJournalEvent(row);
  return { ...event, occurredAt: event.occurredAt.toISOString() };
};
