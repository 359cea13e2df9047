import type { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalText } from '../domain/canonical-text.js';

/**
 * The bytes an ЭЦП signs, stored verbatim when a version is frozen (submitted), so a signature is
 * always verified over what was frozen, never over a text canonicalised again later; and the
 * evidence of each ЭЦП signature, kept when it was verified (a certificate expires in about a year).
 * Versions frozen before this migration get today's canonical text of their clauses.
 */
export class SigningPayload1764000001320 implements MigrationInterface {
  name = 'SigningPayload1764000001320';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE memorandum_versions ADD COLUMN signing_payload bytea`);
    let after = { memorandumId: '00000000-0000-0000-0000-000000000000', number: 0 };
    for (;;) {
      const rows = (await db.query(
        `SELECT memorandum_id, number, clauses FROM memorandum_versions
          WHERE status <> 'draft' AND signing_payload IS NULL AND (memorandum_id, number) > ($1::uuid, $2::int)
          ORDER BY memorandum_id, number LIMIT 500`,
        [after.memorandumId, after.number],
      )) as { memorandum_id: string; number: number; clauses: string[] }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        await db.query(`UPDATE memorandum_versions SET signing_payload = $3 WHERE memorandum_id = $1 AND number = $2`, [
          row.memorandum_id,
          row.number,
          Buffer.from(canonicalText(row.clauses), 'utf8'),
        ]);
      }
      const last = rows[rows.length - 1];
      after = { memorandumId: last.memorandum_id, number: last.number };
    }
    await db.query(`
      CREATE TABLE memorandum_signature_evidence (
        id              uuid PRIMARY KEY,
        memorandum_id   uuid NOT NULL,
        version_number  integer NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations (id),
        signed_by       uuid NOT NULL,
        signed_at       timestamptz NOT NULL,
        verifier        text NOT NULL,
        cms             bytea NOT NULL,
        cms_sha256      char(64) NOT NULL,
        text_hash       char(64) NOT NULL,
        signer          jsonb NOT NULL,
        timestamped_at  timestamptz,
        trusted_at      timestamptz NOT NULL,
        revocation      text NOT NULL,
        verified_at     timestamptz NOT NULL,
        verifier_answer jsonb,
        FOREIGN KEY (memorandum_id, version_number) REFERENCES memorandum_versions (memorandum_id, number)
      )`);
    await db.query(`CREATE INDEX memorandum_signature_evidence_version ON memorandum_signature_evidence (memorandum_id, version_number)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE memorandum_signature_evidence`);
    await db.query(`ALTER TABLE memorandum_versions DROP COLUMN signing_payload`);
  }
}
