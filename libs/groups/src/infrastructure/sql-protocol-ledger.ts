import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@kelisim/persistence';
import { ProtocolLedger } from '../domain/groups.repositories.js';

/** Written through the saga's transaction: a ledger row exists exactly when its effect was committed. */
@Injectable()
export class SqlProtocolLedger extends ProtocolLedger {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async done(decisionId: string): Promise<Set<string>> {
    // Locking the decision serializes two deliveries of it (a redelivery racing a retry).
    await this.uow.query('SELECT 1 FROM meeting_decisions WHERE id = $1 FOR UPDATE', [decisionId]);
    const rows = (await this.uow.query('SELECT key FROM meeting_protocol_effects WHERE decision_id = $1', [decisionId])) as {
      key: string;
    }[];
    return new Set(rows.map((row) => row.key));
  }

  async record(decisionId: string, key: string, targetId: string): Promise<void> {
    await this.uow.query('INSERT INTO meeting_protocol_effects (decision_id, key, target_id) VALUES ($1, $2, $3)', [decisionId, key, targetId]);
  }
}
