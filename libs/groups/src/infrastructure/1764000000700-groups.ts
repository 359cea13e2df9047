import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Working groups with their membership history, meetings with their decisions, and the protocol issuer's ledger. */
export class Groups1764000000700 implements MigrationInterface {
  name = 'Groups1764000000700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE working_groups (
        id            uuid PRIMARY KEY,
        name          text NOT NULL,
        mandate       text NOT NULL,
        basis_type    text,
        basis_id      uuid,
        status        text NOT NULL,
        formed_by     uuid NOT NULL REFERENCES users (id),
        formed_at     timestamptz NOT NULL,
        disbanded_at  timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        version       integer NOT NULL,
        CONSTRAINT working_groups_basis CHECK ((basis_type IS NULL) = (basis_id IS NULL))
      )`);
    await db.query(`CREATE INDEX working_groups_name ON working_groups (name, id)`);
    await db.query(`CREATE INDEX working_groups_basis ON working_groups (basis_type, basis_id) WHERE basis_id IS NOT NULL`);
    // A row per stay with one role; closing it (left_at) is how a member leaves, so history stays.
    await db.query(`
      CREATE TABLE working_group_members (
        id                uuid PRIMARY KEY,
        working_group_id  uuid NOT NULL REFERENCES working_groups (id),
        user_id           uuid NOT NULL REFERENCES users (id),
        role              text NOT NULL,
        joined_at         timestamptz NOT NULL,
        left_at           timestamptz,
        -- Insertion order: members who joined at the same instant are listed as they were named.
        seq               bigserial NOT NULL
      )`);
    await db.query(`CREATE INDEX working_group_members_group ON working_group_members (working_group_id, joined_at, seq)`);
    await db.query(`CREATE UNIQUE INDEX working_group_members_current ON working_group_members (working_group_id, user_id) WHERE left_at IS NULL`);
    await db.query(`CREATE INDEX working_group_members_user ON working_group_members (user_id) WHERE left_at IS NULL`);
    await db.query(`
      CREATE TABLE meetings (
        id                     uuid PRIMARY KEY,
        title                  text NOT NULL,
        scheduled_at           timestamptz NOT NULL,
        location               text,
        chair_id               uuid NOT NULL REFERENCES users (id),
        participant_ids        uuid[] NOT NULL DEFAULT '{}',
        agenda                 jsonb NOT NULL DEFAULT '[]',
        status                 text NOT NULL,
        organizer_id           uuid NOT NULL REFERENCES users (id),
        held_at                timestamptz,
        protocol_approved_at   timestamptz,
        protocol_approved_by   uuid REFERENCES users (id),
        created_at             timestamptz NOT NULL,
        updated_at             timestamptz NOT NULL DEFAULT now(),
        version                integer NOT NULL
      )`);
    await db.query(`CREATE INDEX meetings_scheduled ON meetings (scheduled_at, id)`);
    await db.query(`CREATE INDEX meetings_chair ON meetings (chair_id, scheduled_at, id)`);
    await db.query(`CREATE INDEX meetings_participants ON meetings USING gin (participant_ids)`);
    await db.query(`
      CREATE TABLE meeting_decisions (
        id                   uuid PRIMARY KEY,
        meeting_id           uuid NOT NULL REFERENCES meetings (id),
        number               integer NOT NULL,
        text                 text NOT NULL,
        forms_working_group  jsonb,
        task_drafts          jsonb NOT NULL DEFAULT '[]',
        recorded_by          uuid NOT NULL REFERENCES users (id),
        recorded_at          timestamptz NOT NULL,
        UNIQUE (meeting_id, number)
      )`);
    // What the protocol issuer has done per decision: a redelivered event skips these.
    await db.query(`
      CREATE TABLE meeting_protocol_effects (
        decision_id  uuid NOT NULL REFERENCES meeting_decisions (id),
        key          text NOT NULL,
        target_id    uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (decision_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE meeting_protocol_effects, meeting_decisions, meetings, working_group_members, working_groups');
  }
}
