import type { DataSource } from 'typeorm';
import { KeyStore, type WindowCount } from './key-store.js';

/**
 * The key store in Kelisim's database, for when the queues run on PostgreSQL. A window is an
 * expiry time; an increment restarts a key whose window ended, and clears other ended keys so the
 * table holds live windows only.
 */
export class PostgresKeyStore extends KeyStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async increment(keys: readonly string[], windowSeconds: number): Promise<WindowCount[]> {
    const rows = (await this.dataSource.query(
      `WITH ended AS (DELETE FROM kelisim_keys WHERE expires_at <= now() AND NOT key = ANY($1::text[]))
       INSERT INTO kelisim_keys AS k (key, value, expires_at)
       SELECT DISTINCT key, '1', now() + make_interval(secs => $2) FROM unnest($1::text[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         value = CASE WHEN k.expires_at <= now() THEN '1' ELSE (k.value::bigint + 1)::text END,
         expires_at = CASE WHEN k.expires_at <= now() THEN excluded.expires_at ELSE k.expires_at END
       RETURNING key, value::bigint AS count, ${TTL}`,
      [keys, windowSeconds],
    )) as { key: string; count: string; ttl: number }[];
    return this.inOrder(keys, rows);
  }

  async decrement(keys: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE kelisim_keys SET value = greatest(value::bigint - 1, 0)::text
       WHERE key = ANY($1::text[]) AND expires_at > now() AND value::bigint > 0`,
      [keys],
    );
  }

  async read(keys: readonly string[]): Promise<WindowCount[]> {
    const rows = (await this.dataSource.query(
      `SELECT key, value::bigint AS count, ${TTL} FROM kelisim_keys WHERE key = ANY($1::text[]) AND expires_at > now()`,
      [keys],
    )) as { key: string; count: string; ttl: number }[];
    return this.inOrder(keys, rows);
  }

  async setIfAbsent(key: string, value: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`INSERT INTO kelisim_keys (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`, [
      key,
      value,
    ])) as unknown[];
    return rows.length === 1;
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  private inOrder(keys: readonly string[], rows: { key: string; count: string; ttl: number }[]): WindowCount[] {
    const byKey = new Map(rows.map((r) => [r.key, { count: Number(r.count), ttlSeconds: Math.max(Number(r.ttl), 0) }]));
    return keys.map((key) => byKey.get(key) ?? { count: 0, ttlSeconds: 0 });
  }
}

const TTL = `coalesce(ceil(extract(epoch FROM expires_at - now())), 0)::int AS ttl`;
