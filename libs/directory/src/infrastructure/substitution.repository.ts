import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { SubstitutionRepository } from '../domain/directory.repositories.js';
import { Substitution } from '../domain/substitution.js';
import { DirectoryActorResolver } from './directory-actor-resolver.js';

interface SubstitutionRecord {
  id: string;
  principal_id: string;
  deputy_id: string;
  organization_id: string;
  starts_at: Date;
  ends_at: Date;
  order_number: string;
  order_date: string;
  created_by: string | null;
  ended_at: Date | null;
  ended_by: string | null;
  version: number;
}

const COLUMNS = `id, principal_id, deputy_id, organization_id, starts_at, ends_at, order_number, to_char(order_date, 'YYYY-MM-DD') AS order_date,
  created_by, ended_at, ended_by, version`;

@Injectable()
export class SqlSubstitutionRepository extends SubstitutionRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly actors: DirectoryActorResolver,
  ) {
    super();
  }

  async get(id: string): Promise<Substitution | null> {
    const [row] = (await this.uow.query(`SELECT ${COLUMNS} FROM substitutions WHERE id = $1 FOR UPDATE`, [id])) as SubstitutionRecord[];
    return row ? this.toDomain(row) : null;
  }

  async lockPrincipal(principalId: string): Promise<void> {
    // Two overlapping substitutions recorded at once: the second waits here and then sees the first.
    await this.uow.query(`SELECT pg_advisory_xact_lock(hashtextextended('substitution:' || $1::text, 0))`, [principalId]);
  }

  async overlapping(principalId: string, from: Date, to: Date): Promise<{ id: string; from: Date; to: Date }[]> {
    const rows = (await this.uow.query(
      `SELECT id, starts_at, ends_at FROM substitutions
        WHERE principal_id = $1 AND starts_at < ends_at AND starts_at < $3 AND $2 < ends_at ORDER BY starts_at`,
      [principalId, from, to],
    )) as { id: string; starts_at: Date; ends_at: Date }[];
    return rows.map((row) => ({ id: row.id, from: new Date(row.starts_at), to: new Date(row.ends_at) }));
  }

  async save(substitution: Substitution): Promise<void> {
    const s = substitution.state;
    await saveAggregateRow(this.uow, 'substitutions', substitution, {
      principal_id: s.principalId,
      deputy_id: s.deputyId,
      organization_id: s.organizationId,
      starts_at: s.from,
      ends_at: s.to,
      order_number: s.basis.orderNumber,
      order_date: s.basis.orderDate,
      created_by: s.createdBy,
      ended_at: s.endedAt,
      ended_by: s.endedBy,
    });
    // The deputy's powers change with this commit: their next request sees it in this process at once.
    this.uow.afterCommit(() => this.actors.forget(s.deputyId));
  }

  private toDomain(row: SubstitutionRecord): Substitution {
    return Substitution.restore(row.id, row.version, {
      principalId: row.principal_id,
      deputyId: row.deputy_id,
      organizationId: row.organization_id,
      from: new Date(row.starts_at),
      to: new Date(row.ends_at),
      basis: { orderNumber: row.order_number, orderDate: row.order_date },
      createdBy: row.created_by,
      endedAt: row.ended_at ? new Date(row.ended_at) : null,
      endedBy: row.ended_by,
    });
  }
}
