import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActorResolver, type ResolvedActor } from '@kelisim/auth';
import type { Locale, Role } from '@kelisim/kernel';

const TTL_MS = 2000;

/**
 * Who is behind a token, looked up on every request. A short cache spares the database a query per
 * request; a change to a user made in this process clears it at once, one made by another replica
 * is seen within two seconds.
 */
@Injectable()
export class DirectoryActorResolver extends ActorResolver {
  private readonly cache = new Map<string, { actor: ResolvedActor | null; until: number }>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async resolve(userId: string): Promise<ResolvedActor | null> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > performance.now()) return cached.actor;
    const [row] = (await this.dataSource.query(
      'SELECT id, organization_id, roles, locale, full_name, token_generation FROM users WHERE id = $1 AND active',
      [userId],
    )) as { id: string; organization_id: string; roles: Role[]; locale: Locale; full_name: string; token_generation: number }[];
    const actor = row
      ? {
          userId: row.id,
          organizationId: row.organization_id,
          roles: row.roles,
          locale: row.locale,
          fullName: row.full_name,
          tokenGeneration: row.token_generation,
        }
      : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(userId, { actor, until: performance.now() + TTL_MS });
    return actor;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }
}
