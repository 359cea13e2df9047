import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Directory1764000000100 implements MigrationInterface {
  name = 'Directory1764000000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id          uuid PRIMARY KEY,
        name        text NOT NULL,
        short_name  text,
        kind        text NOT NULL,
        parent_id   uuid REFERENCES organizations (id),
        timezone    text NOT NULL,
        version     integer NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX organizations_name ON organizations (name, id)`);
    await db.query(`
      CREATE TABLE users (
        id               uuid PRIMARY KEY,
        full_name        text NOT NULL,
        email            text NOT NULL,
        organization_id  uuid NOT NULL REFERENCES organizations (id),
        position         text,
        head_id          uuid REFERENCES users (id),
        roles            text[] NOT NULL DEFAULT '{}',
        locale           text NOT NULL DEFAULT 'kk',
        timezone         text,
        active           boolean NOT NULL DEFAULT true,
        password_hash    text NOT NULL,
        version          integer NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email ON users (lower(email))`);
    await db.query(`CREATE INDEX users_organization ON users (organization_id, full_name, id)`);
    await db.query(`CREATE INDEX users_full_name ON users (full_name, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE users, organizations');
  }
}
