import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery being sent is leased to the run sending it (`sending_by`: the job's id and a token of
 * the run) until `sending_until`: any other run for the same row — a second job (the queues rebuilt
 * from PostgreSQL after Redis lost its keys while the first was still sending), or the same job
 * handed to a second run by BullMQ's stalled check — waits for the lease instead of sending the
 * message again. (The holder was the job's id and creation time until session h-dup.)
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
