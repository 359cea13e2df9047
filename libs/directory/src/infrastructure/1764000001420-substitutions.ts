import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Acting officials (И.о.): who acts for whom, when, on which order. */
export class Substitutions1764000001420 implements MigrationInterface {
  name = 'Substitutions1764000001420';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE substitutions (
        id               uuid PRIMARY KEY,
        principal_id     uuid NOT NULL REFERENCES users (id),
        deputy_id        uuid NOT NULL REFERENCES users (id),
        organization_id  uuid NOT NULL REFERENCES organizations (id),
        starts_at        timestamptz NOT NULL,
        ends_at          timestamptz NOT NULL,
        order_number     text NOT NULL,
        order_date       date NOT NULL,
        created_by       uuid,
        ended_at         timestamptz,
        ended_by         uuid,
        version          integer NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        CHECK (principal_id <> deputy_id),
        CHECK (ends_at >= starts_at)
      )`);
    // The actor resolver's look-up on every request, and the overlap check of a principal.
    await db.query(`CREATE INDEX substitutions_deputy ON substitutions (deputy_id, ends_at)`);
    await db.query(`CREATE INDEX substitutions_principal ON substitutions (principal_id, ends_at)`);
    await db.query(`CREATE INDEX substitutions_listed ON substitutions (starts_at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE substitutions`);
  }
}
