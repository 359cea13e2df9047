import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The optimistic check of a save that travels with the commit: an aggregate row's UPDATE … WHERE
 * version = n that changed no row raises SQLSTATE KL409, which stops the rest of the message (the
 * COMMIT with it) and which the unit of work answers as a concurrent change (409).
 */
export class ExpectSaved1764000000900 implements MigrationInterface {
  name = 'ExpectSaved1764000000900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION kelisim_expect_saved(saved bigint, stream_type text, stream_id text) RETURNS bigint
      LANGUAGE plpgsql AS $$
      BEGIN
        IF saved <> 1 THEN
          RAISE EXCEPTION '% % was changed concurrently', stream_type, stream_id
            USING ERRCODE = 'KL409', DETAIL = stream_type, HINT = stream_id;
        END IF;
        RETURN saved;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION kelisim_expect_saved(bigint, text, text)');
  }
}
