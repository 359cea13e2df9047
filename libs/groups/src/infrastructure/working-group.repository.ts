import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { WorkingGroupRepository } from '../domain/groups.repositories.js';
import { type Membership, WorkingGroup } from '../domain/working-group.js';
import type { MemberRecord, WorkingGroupRecord } from '../application/groups.records.js';

/** The group row with an optimistic version check; membership rows that the pending events name are upserted with it. */
@Injectable()
export class SqlWorkingGroupRepository extends WorkingGroupRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async get(id: string): Promise<WorkingGroup | null> {
    const [row] = (await this.uow.query('SELECT * FROM working_groups WHERE id = $1', [id])) as WorkingGroupRecord[];
    if (!row) return null;
    const members = (await this.uow.query(
      'SELECT id, user_id, role, joined_at, left_at FROM working_group_members WHERE working_group_id = $1 ORDER BY joined_at, seq',
      [id],
    )) as Omit<MemberRecord, 'working_group_id'>[];
    return WorkingGroup.restore(
      row.id,
      row.version,
      {
        name: row.name,
        mandate: row.mandate,
        basis: row.basis_type && row.basis_id ? { type: row.basis_type, id: row.basis_id } : null,
        status: row.status,
        formedBy: row.formed_by,
        formedAt: new Date(row.formed_at),
        disbandedAt: row.disbanded_at && new Date(row.disbanded_at),
      },
      members.map((m) => ({ id: m.id, userId: m.user_id, role: m.role, joinedAt: new Date(m.joined_at), leftAt: m.left_at && new Date(m.left_at) })),
    );
  }

  async save(group: WorkingGroup): Promise<void> {
    const touched = new Set(group.peekEvents().map((event) => (event.payload as { membershipId?: string }).membershipId));
    await saveAggregateRow(this.uow, 'working_groups', group, {
      name: group.state.name,
      mandate: group.state.mandate,
      basis_type: group.state.basis?.type ?? null,
      basis_id: group.state.basis?.id ?? null,
      status: group.state.status,
      formed_by: group.state.formedBy,
      formed_at: group.state.formedAt,
      disbanded_at: group.state.disbandedAt,
      updated_at: new Date(),
    });
    // Closing rows first keeps the "one current row per person" index satisfied when a role changes.
    const changed = group.history.filter((m) => touched.has(m.id)).sort((a, b) => Number(b.leftAt !== null) - Number(a.leftAt !== null));
    for (const membership of changed) await this.saveMembership(group.id, membership);
  }

  private async saveMembership(groupId: string, m: Membership): Promise<void> {
    await this.uow.query(
      `INSERT INTO working_group_members (id, working_group_id, user_id, role, joined_at, left_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET left_at = $6`,
      [m.id, groupId, m.userId, m.role, m.joinedAt, m.leftAt],
    );
  }
}
