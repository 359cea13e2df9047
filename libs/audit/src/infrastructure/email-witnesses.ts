import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LocalizedText } from '@kelisim/kernel';
import { type DigestEnclosure, DigestEnclosures } from '@kelisim/notifications';

/** The digest's heading over the note (terms as in docs/journal.md: checkpoint, signed note). */
export const CHECKPOINT_ENCLOSURE_HEADING: LocalizedText = {
  kk: 'Журналдың бақылау нүктесі (қол қойылған жазба): осы көшірмені сақтаңыз',
  ru: 'Контрольная точка журнала (подписанная запись): сохраните эту копию',
  en: 'Journal checkpoint (signed note): keep this copy',
};

/**
 * E-mail witnesses: each active one's user gets the newest signed checkpoint, verbatim, in a daily
 * digest (notifications or not); the mail server's acceptance is recorded as that witness's
 * acknowledgement of the checkpoint, as a webhook's 2xx is.
 */
@Injectable()
export class EmailWitnesses implements DigestEnclosure, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enclosures: DigestEnclosures,
  ) {}

  onModuleInit(): void {
    this.enclosures.register(this);
  }

  async recipients(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT DISTINCT user_id FROM witnesses WHERE active AND kind = 'email'`)) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  /** The newest checkpoint: ordered by the column, not by the text alias of the same name ('9' > '35'). */
  async current(): Promise<{ ref: string; heading: LocalizedText; text: string } | null> {
    const [newest] = (await this.dataSource.query(`SELECT tree_size::text AS tree_size, note FROM journal_checkpoints ORDER BY journal_checkpoints.tree_size DESC LIMIT 1`)) as {
      tree_size: string;
      note: string;
    }[];
    return newest ? { ref: newest.tree_size, heading: CHECKPOINT_ENCLOSURE_HEADING, text: newest.note } : null;
  }

  async delivered(userId: string, ref: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO witness_acks (witness_id, tree_size) SELECT id, $2::bigint FROM witnesses WHERE active AND kind = 'email' AND user_id = $1
       ON CONFLICT DO NOTHING`,
      [userId, ref],
    );
  }
}
