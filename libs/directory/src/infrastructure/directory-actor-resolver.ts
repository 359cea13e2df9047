import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActorResolver, type ResolvedActor } from '@kelisim/auth';
import type { Acting, Locale, Role } from '@kelisim/kernel';

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
      `SELECT u.id, u.organization_id, u.roles, u.locale, u.full_name, u.token_generation,
              coalesce((SELECT json_agg(json_build_object('substitutionId', s.id, 'principalId', p.id, 'organizationId', p.organization_id,
                                                          'roles', p.roles, 'from', s.starts_at, 'to', s.ends_at) ORDER BY s.starts_at)
                          FROM substitutions s JOIN users p ON p.id = s.principal_id AND p.active
                         WHERE s.deputy_id = u.id AND s.ends_at > now() AND s.ends_at > s.starts_at), '[]') AS acting
         FROM users u WHERE u.id = $1 AND u.active`,
      [userId],
    )) as { id: string; organization_id: string; roles: Role[]; locale: Locale; full_name: string; token_generation: number; acting: Acting[] }[];
    // Substitutions not yet over ride along: the domain checks each act's instant against their period.
    const actor = row
      ? {
          userId: row.id,
          organizationId: row.organization_id,
          roles: row.roles,
          locale: row.locale,
          fullName: row.full_name,
          tokenGeneration: row.token_generation,
          acting: row.acting.map(normalize),
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

/** json_build_object writes timestamps in PostgreSQL's form; the domain compares ISO instants. */
const normalize = (a: Acting): Acting => ({ ...a, from: new Date(a.from).toISOString(), to: new Date(a.to).toISOString() });
