import { Injectable } from '@nestjs/common';
import type { Locale, Role } from '@kelisim/kernel';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { normalizeEmail, User } from '../domain/user.js';
import { DirectoryActorResolver } from './directory-actor-resolver.js';
import { UserRepository } from '../domain/directory.repositories.js';

interface UserRecord {
  id: string;
  full_name: string;
  email: string;
  organization_id: string;
  position: string | null;
  head_id: string | null;
  roles: Role[];
  locale: Locale;
  timezone: string | null;
  active: boolean;
  email_digest: boolean;
  iin: string | null;
  password_hash: string;
  token_generation: number;
  version: number;
}

@Injectable()
export class SqlUserRepository extends UserRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly actors: DirectoryActorResolver,
  ) {
    super();
  }

  async get(id: string): Promise<User | null> {
    const [row] = (await this.uow.query('SELECT * FROM users WHERE id = $1', [id])) as UserRecord[];
    return row ? this.toDomain(row) : null;
  }

  async getByEmail(email: string): Promise<User | null> {
    const [row] = (await this.uow.query('SELECT * FROM users WHERE lower(email) = $1', [normalizeEmail(email)])) as UserRecord[];
    return row ? this.toDomain(row) : null;
  }

  async save(user: User): Promise<void> {
    await saveAggregateRow(this.uow, 'users', user, this.toRecord(user));
    this.uow.afterCommit(() => this.actors.forget(user.id));
  }

  async count(): Promise<number> {
    const [row] = (await this.uow.query('SELECT count(*)::int AS n FROM users')) as { n: number }[];
    return row.n;
  }

  async heads(id: string): Promise<string[]> {
    const rows = (await this.uow.query(
      `WITH RECURSIVE up(id, head_id, depth) AS (
         SELECT id, head_id, 0 FROM users WHERE id = $1
         UNION ALL SELECT u.id, u.head_id, up.depth + 1 FROM users u JOIN up ON u.id = up.head_id WHERE up.depth < 100)
       SELECT id FROM up WHERE depth > 0 ORDER BY depth`,
      [id],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  private toDomain(row: UserRecord): User {
    return User.restore(
      row.id,
      row.version,
      {
        fullName: row.full_name,
        email: row.email,
        organizationId: row.organization_id,
        position: row.position,
        headId: row.head_id,
        roles: row.roles,
        locale: row.locale,
        timezone: row.timezone,
        active: row.active,
        emailDigest: row.email_digest,
        iin: row.iin,
      },
      row.password_hash,
      row.token_generation,
    );
  }

  private toRecord(user: User): Record<string, unknown> {
    const s = user.state;
    return {
      full_name: s.fullName,
      email: s.email,
      organization_id: s.organizationId,
      position: s.position,
      head_id: s.headId,
      roles: s.roles,
      locale: s.locale,
      timezone: s.timezone,
      active: s.active,
      email_digest: s.emailDigest,
      iin: s.iin,
      password_hash: user.passwordHash,
      token_generation: user.tokenGeneration,
      updated_at: new Date(),
    };
  }
}
