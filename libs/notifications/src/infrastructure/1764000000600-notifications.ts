import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764000000600 implements MigrationInterface {
  name = 'Notifications1764000000600';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        id            uuid PRIMARY KEY,
        user_id       uuid NOT NULL,
        type          text NOT NULL,
        subject_type  text NOT NULL,
        subject_id    uuid NOT NULL,
        title         text NOT NULL,
        body          text NOT NULL,
        due_at        timestamptz,
        dedupe_key    text NOT NULL UNIQUE,
        created_at    timestamptz NOT NULL DEFAULT now(),
        read_at       timestamptz
      )`);
    await db.query(`CREATE INDEX notifications_inbox ON notifications (user_id, created_at DESC, id)`);
    await db.query(`CREATE INDEX notifications_unread ON notifications (user_id, created_at DESC, id) WHERE read_at IS NULL`);
    // The delivery ledger: one row per (notification, channel), whatever happens to the queue.
    await db.query(`
      CREATE TABLE deliveries (
        id               uuid PRIMARY KEY,
        notification_id  uuid NOT NULL REFERENCES notifications (id),
        channel          text NOT NULL,
        target           text NOT NULL,
        state            text NOT NULL DEFAULT 'pending',
        attempts         integer NOT NULL DEFAULT 0,
        last_error       text,
        enqueued         boolean NOT NULL DEFAULT false,
        created_at       timestamptz NOT NULL DEFAULT now(),
        delivered_at     timestamptz,
        CONSTRAINT deliveries_once UNIQUE (notification_id, channel)
      )`);
    await db.query(`CREATE INDEX deliveries_to_enqueue ON deliveries (created_at) WHERE state = 'pending' AND NOT enqueued`);
    await db.query(`CREATE INDEX deliveries_state ON deliveries (state, created_at DESC)`);
    await db.query(`
      CREATE TABLE webhook_endpoints (
        id               uuid PRIMARY KEY,
        organization_id  uuid NOT NULL UNIQUE,
        version          integer NOT NULL,
        url              text NOT NULL,
        secret           text NOT NULL,
        active           boolean NOT NULL DEFAULT true,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE deliveries, notifications, webhook_endpoints');
  }
}
