import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1764000000500 implements MigrationInterface {
  name = 'Reminders1764000000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deadlines (
        id               uuid PRIMARY KEY,
        subject_type     text NOT NULL,
        subject_id       uuid NOT NULL,
        title            text NOT NULL,
        due_at           timestamptz NOT NULL,
        revision         integer NOT NULL,
        state            text NOT NULL,
        policy           jsonb,
        audience         jsonb NOT NULL,
        participant_ids  uuid[] NOT NULL DEFAULT '{}',
        passed_revision  integer,
        version          integer NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deadlines_subject UNIQUE (subject_type, subject_id)
      )`);
    await db.query(`CREATE INDEX deadlines_participants ON deadlines USING gin (participant_ids) WHERE state = 'open'`);
    // One row per (subject, deadline revision, offset, recipient): the at-most-once key.
    await db.query(`
      CREATE TABLE reminders (
        id                 uuid PRIMARY KEY,
        deadline_id        uuid NOT NULL REFERENCES deadlines (id),
        subject_id         uuid NOT NULL,
        deadline_revision  integer NOT NULL,
        offset_key         text NOT NULL,
        recipient_id       uuid NOT NULL,
        overdue            boolean NOT NULL,
        fire_at            timestamptz NOT NULL,
        state              text NOT NULL DEFAULT 'pending',
        enqueued           boolean NOT NULL DEFAULT false,
        fired_at           timestamptz,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminders_once UNIQUE (subject_id, deadline_revision, offset_key, recipient_id)
      )`);
    await db.query(`CREATE INDEX reminders_pending_fire_at ON reminders (fire_at) WHERE state = 'pending'`);
    await db.query(`CREATE INDEX reminders_to_enqueue ON reminders (fire_at) WHERE state = 'pending' AND NOT enqueued`);
    await db.query(`CREATE INDEX reminders_deadline ON reminders (deadline_id, state)`);
    await db.query(`CREATE INDEX reminders_recipient_pending ON reminders (recipient_id) WHERE state = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE reminders, deadlines');
  }
}
