import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery being sent is leased to its job (`sending_by`: the job's id and creation time) until
 * `sending_until`: a second job for the same row (the queues rebuilt from PostgreSQL after Redis lost
 * its keys while the first was still sending) waits for the lease instead of sending the message
 * again; the same job taken over after its worker died (BullMQ's stalled check) may go on at once.
 */
export class DeliveryLease1765000000650 implements MigrationInterface {
  name = 'DeliveryLease1765000000650';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries ADD COLUMN sending_by text, ADD COLUMN sending_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE deliveries DROP COLUMN sending_by, DROP COLUMN sending_until`);
  }
}
