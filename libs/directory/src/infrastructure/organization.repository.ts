import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { Organization, type OrganizationKind } from '../domain/organization.js';
import { OrganizationRepository } from '../domain/directory.repositories.js';

interface OrganizationRecord {
  id: string;
  name: string;
  short_name: string | null;
  kind: OrganizationKind;
  parent_id: string | null;
  timezone: string;
  bin: string | null;
  version: number;
}

@Injectable()
export class SqlOrganizationRepository extends OrganizationRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async get(id: string): Promise<Organization | null> {
    const [row] = (await this.uow.query('SELECT * FROM organizations WHERE id = $1', [id])) as OrganizationRecord[];
    return row ? this.toDomain(row) : null;
  }

  async save(organization: Organization): Promise<void> {
    await saveAggregateRow(this.uow, 'organizations', organization, this.toRecord(organization));
  }

  async ancestors(id: string): Promise<string[]> {
    const rows = (await this.uow.query(
      `WITH RECURSIVE up(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM organizations WHERE id = $1
         UNION ALL SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 100)
       SELECT id FROM up WHERE depth > 0 ORDER BY depth`,
      [id],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  private toDomain(row: OrganizationRecord): Organization {
    return Organization.restore(row.id, row.version, {
      name: row.name,
      shortName: row.short_name,
      kind: row.kind,
      parentId: row.parent_id,
      timezone: row.timezone,
      bin: row.bin,
    });
  }

  private toRecord(organization: Organization): Record<string, unknown> {
    const s = organization.state;
    return { name: s.name, short_name: s.shortName, kind: s.kind, parent_id: s.parentId, timezone: s.timezone, bin: s.bin, updated_at: new Date() };
  }
}
