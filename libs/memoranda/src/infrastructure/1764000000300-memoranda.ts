import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A memorandum row (the aggregate's revision lives here, so every command on a memorandum is
 * checked against it) and one row per version; clauses, remarks, approvals, signatures and the
 * version's history are jsonb of the version row, written in the same transaction.
 */
export class Memoranda1764000000300 implements MigrationInterface {
  name = 'Memoranda1764000000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE memoranda (
        id                        uuid PRIMARY KEY,
        title                     text NOT NULL,
        purpose                   text,
        status                    text NOT NULL,
        reviewer_organization_id  uuid NOT NULL REFERENCES organizations (id),
        drafter_organization_id   uuid NOT NULL REFERENCES organizations (id),
        created_by                uuid,
        parties                   jsonb NOT NULL,
        party_organization_ids    uuid[] NOT NULL,
        deadlines                 jsonb NOT NULL,
        version_in_force          integer,
        open_version              integer,
        open_status               text,
        terminated_at             timestamptz,
        termination_reason        text,
        version                   integer NOT NULL,
        created_at                timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX memoranda_created ON memoranda (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX memoranda_party_organizations ON memoranda USING gin (party_organization_ids)`);
    await db.query(`CREATE INDEX memoranda_signatories ON memoranda USING gin (parties jsonb_path_ops)`);
    await db.query(`CREATE INDEX memoranda_reviewer ON memoranda (reviewer_organization_id)`);
    await db.query(`
      CREATE TABLE memorandum_versions (
        memorandum_id            uuid NOT NULL REFERENCES memoranda (id),
        number                   integer NOT NULL,
        status                   text NOT NULL,
        drafter_organization_id  uuid NOT NULL REFERENCES organizations (id),
        clauses                  jsonb NOT NULL,
        text_hash                char(64) NOT NULL,
        round                    integer NOT NULL,
        remarks                  jsonb NOT NULL,
        approvals                jsonb NOT NULL,
        signatures               jsonb NOT NULL,
        history                  jsonb NOT NULL,
        stage_due_at             timestamptz,
        entered_into_force_at    timestamptz,
        based_on                 integer,
        reason                   text,
        PRIMARY KEY (memorandum_id, number)
      )`);
    // At most one open version per memorandum, whatever the application does.
    await db.query(`
      CREATE UNIQUE INDEX memorandum_versions_one_open ON memorandum_versions (memorandum_id)
      WHERE status IN ('draft', 'in_review', 'approval', 'signing')`);
    await db.query(`CREATE INDEX memorandum_versions_stage_due ON memorandum_versions (stage_due_at) WHERE stage_due_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE memorandum_versions, memoranda');
  }
}
