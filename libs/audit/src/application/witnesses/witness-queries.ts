import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@kelisim/kernel';
import type { Sql } from '../tree-store.js';
import type { WitnessView } from './witness.commands.js';

interface WitnessRow {
  id: string;
  name: string;
  kind: 'webhook' | 'email';
  url: string | null;
  user_id: string | null;
  active: boolean;
  created_at: Date;
  ack_size: string | null;
  ack_root: Buffer | null;
  ack_at: Date | null;
}

const SELECT = `
  SELECT w.id, w.name, w.kind, w.url, w.user_id, w.active, w.created_at, a.tree_size AS ack_size, c.root_hash AS ack_root, a.acknowledged_at AS ack_at
    FROM witnesses w
    LEFT JOIN LATERAL (SELECT tree_size, acknowledged_at FROM witness_acks WHERE witness_id = w.id ORDER BY tree_size DESC LIMIT 1) a ON true
    LEFT JOIN journal_checkpoints c ON c.tree_size = a.tree_size`;

const view = (r: WitnessRow): WitnessView => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  url: r.url,
  userId: r.user_id,
  active: r.active,
  createdAt: new Date(r.created_at).toISOString(),
  lastAcknowledged:
    r.ack_size === null ? null : { treeSize: Number(r.ack_size), rootHash: r.ack_root!.toString('base64'), at: new Date(r.ack_at!).toISOString() },
});

/** The witnesses, each with the last head it acknowledged; never their secrets. */
@Injectable()
export class WitnessQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<WitnessView[]> {
    const rows = (await this.dataSource.query(`${SELECT} ORDER BY w.created_at, w.id`)) as WitnessRow[];
    return rows.map(view);
  }

  /** `sql`: a command's unit of work, to read in its transaction. */
  async one(id: string, sql: Sql = this.dataSource): Promise<WitnessView> {
    const [row] = (await sql.query(`${SELECT} WHERE w.id = $1`, [id])) as WitnessRow[];
    if (!row) throw new NotFoundError('witness', id);
    return view(row);
  }
}
