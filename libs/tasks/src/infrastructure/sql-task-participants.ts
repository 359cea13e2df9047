import { Injectable } from '@nestjs/common';
import type { Role } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { type TaskParticipant, TaskParticipants } from '../domain/task.repository.js';

/** Reads the directory's users (active ones only) in one query, however many executors an issue names. */
@Injectable()
export class SqlTaskParticipants extends TaskParticipants {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async find(ids: readonly string[]): Promise<Map<string, TaskParticipant>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.uow.query(
      `SELECT u.id, u.roles, u.organization_id, COALESCE(u.timezone, o.timezone) AS timezone
         FROM directory_users u JOIN directory_organizations o ON o.id = u.organization_id
        WHERE u.id = ANY($1::uuid[]) AND u.active`,
      [[...new Set(ids)]],
    )) as { id: string; roles: Role[]; organization_id: string; timezone: string }[];
    return new Map(rows.map((r) => [r.id, { id: r.id, roles: r.roles, organizationId: r.organization_id, timezone: r.timezone }]));
  }
}
