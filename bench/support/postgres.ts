/** PostgreSQL for the benches: a client of their own, and the busy sessions sampled while they measure. */
import type { Client } from 'pg';
import { round } from './report.js';

/** A pg client of its own for `work`, ended afterwards. */
export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The first row of `sql`, on a client of its own. */
export async function queryOne<T>(databaseUrl: string, sql: string): Promise<T> {
  return withClient(databaseUrl, async (client) => (await client.query(sql)).rows[0] as T);
}

/**
 * Busy PostgreSQL sessions of the client's database (itself left out) by state and wait event,
 * sampled every 100 ms between start() and stop(): e.g. commands queued on the journal head's row
 * lock, and what its holder waits for.
 */
export class SessionSampler {
  private counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly client: Client) {}

  /** A sampler on a client of its own (close() ends it). */
  static async open(databaseUrl: string): Promise<SessionSampler> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return new SessionSampler(client);
  }

  start(): void {
    this.counts = new Map();
    this.samples = 0;
    this.timer = setInterval(() => void this.sample(), 100);
  }

  /** Average number of sessions per state:wait event, busiest first. */
  stop(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return Object.fromEntries(
      [...this.counts.entries()].map(([key, n]) => [key, round(n / Math.max(1, this.samples), 2)] as const).sort((a, b) => b[1] - a[1]),
    );
  }

  async close(): Promise<void> {
    this.stop();
    await this.client.end().catch(() => undefined);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ key: string; n: number }>(
        `SELECT concat_ws(':', state, coalesce(wait_event_type, 'CPU'), wait_event) AS key, count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'
          GROUP BY 1`,
      );
      this.samples++;
      for (const row of rows) this.counts.set(row.key, (this.counts.get(row.key) ?? 0) + row.n);
    } catch {
      // a missed sample is fine
    } finally {
      this.busy = false;
    }
  }
}

/** The `top` busiest entries of a SessionSampler's figures, as `0.9 active:Lock:tuple, …` ('–' when none). */
export function topSessions(sessions: Record<string, number>, top = 3): string {
  return (
    Object.entries(sessions)
      .slice(0, top)
      .map(([key, n]) => `${n} ${key}`)
      .join(', ') || '–'
  );
}
