import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActorResolver, type AuthenticatedActor } from '@kelisim/auth';
import type { Locale, Role } from '@kelisim/kernel';

@Injectable()
export class DirectoryActorResolver extends ActorResolver {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async resolve(userId: string): Promise<AuthenticatedActor | null> {
    const [row] = (await this.dataSource.query(
      'SELECT id, organization_id, roles, locale, full_name FROM users WHERE id = $1 AND active',
      [userId],
    )) as { id: string; organization_id: string; roles: Role[]; locale: Locale; full_name: string }[];
    return row ? { userId: row.id, organizationId: row.organization_id, roles: row.roles, locale: row.locale, fullName: row.full_name } : null;
  }
}
