import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the notifications context publishes to other contexts' SQL for writing (issue 12, point 2):
 * `notifications_put(keys, items, channels, created_at)` puts in the inbox the prepared
 * notifications (`Notifier.prepare`) whose key is among `keys`, skipping a dedupe key used
 * already, and records their deliveries; it returns how many deliveries it recorded. A context
 * that decides in its own statement which notifications are due (the reminders claim theirs) calls
 * it in that same statement: one atomic message, and no SQL of its own on these tables.
 */
export class NotificationsPut1765000001220 implements MigrationInterface {
  name = 'NotificationsPut1765000001220';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notifications_put(keys text[], items jsonb, channels jsonb, put_at timestamptz) RETURNS integer
      LANGUAGE sql VOLATILE AS $$
        WITH note AS (
          INSERT INTO notifications (id, user_id, type, subject_type, subject_id, title, body, due_at, dedupe_key, created_at)
          SELECT i.id, i.user_id, i.type, i.subject_type, i.subject_id, i.title, i.body, i.due_at, i.dedupe_key, put_at
            FROM jsonb_to_recordset(items) AS i(key text, id uuid, user_id uuid, type text, subject_type text, subject_id uuid,
                                                title text, body text, due_at timestamptz, dedupe_key text)
           WHERE i.key = ANY(keys)
          ON CONFLICT (dedupe_key) DO NOTHING RETURNING id),
        sent AS (
          INSERT INTO deliveries (id, notification_id, channel, target)
          SELECT gen_random_uuid(), c.notification_id, c.channel, c.target
            FROM jsonb_to_recordset(channels) AS c(notification_id uuid, channel text, target text)
            JOIN note ON note.id = c.notification_id
          RETURNING id)
        SELECT count(*)::int FROM sent
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION notifications_put(text[], jsonb, jsonb, timestamptz)');
  }
}
