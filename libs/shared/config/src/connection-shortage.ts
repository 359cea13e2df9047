import { Logger } from '@nestjs/common';
import pg from 'pg';

/** PostgreSQL's too_many_connections: the server's max_connections, or a role's or a database's CONNECTION LIMIT. */
export const TOO_MANY_CONNECTIONS = '53300';

export const isConnectionShortage = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === TOO_MANY_CONNECTIONS;

/** The one line for a refusal that stops start-up (one that came after the start's own check). */
export const tooManyConnections = (error: Error): string =>
  `PostgreSQL refused a connection: ${error.message} (${TOO_MANY_CONNECTIONS}). Lower KELISIM_DB_POOL_SIZE or raise max_connections (or the role's CONNECTION LIMIT).`;

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;
const LOG_EVERY_MS = 30_000;

/**
 * The process's account of PostgreSQL refusing new connections (53300). Every refusal seen by a
 * background pool waits before it is reported to its caller, longer each time (250 ms doubling to
 * 10 s, with jitter) until a connection succeeds again, and one log line at most every 30 s counts
 * them. A loop that retries at once on failure (BullMQ's worker does, for errors it does not take
 * for connection errors) so goes at the pace of the backoff, not of the server's refusals.
 */
class ConnectionShortage {
  private readonly logger = new Logger('PostgreSQL');
  private consecutive = 0;
  private unreported = 0;
  private reportedAt = 0;

  /** How long to wait before the caller hears of this refusal; logs at most one line per LOG_EVERY_MS. */
  refused(error: Error): number {
    this.consecutive++;
    this.unreported++;
    const now = Date.now();
    if (now - this.reportedAt >= LOG_EVERY_MS) {
      this.logger.warn(
        `PostgreSQL refuses new connections (${error.message}, ${TOO_MANY_CONNECTIONS}): ${this.unreported} refused since the last such line; ` +
          `background work retries with backoff — lower KELISIM_DB_POOL_SIZE or raise max_connections (or the role's CONNECTION LIMIT)`,
      );
      this.unreported = 0;
      this.reportedAt = now;
    }
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(this.consecutive - 1, 16));
    return Math.round(ceiling * (0.5 + Math.random() / 2));
  }

  connected(): void {
    this.consecutive = 0;
  }
}

export const connectionShortage = new ConnectionShortage();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A pg client whose refused connection (53300) is reported only after the shortage's backoff. Given
 * to the background pools (TypeORM's, BullMQ's on PostgreSQL) as pg-pool's `Client` option, so
 * every loop that takes a connection from them backs off while the server is full.
 */
export class PatientClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ((error: Error) => void) | ((error: null, client: pg.Client) => void)): void;
  override connect(callback?: ((error: Error) => void) | ((error: null, client: pg.Client) => void)): Promise<pg.Client> | void {
    const attempt = super.connect().then(
      (client) => {
        connectionShortage.connected();
        return client;
      },
      async (error: Error) => {
        if (isConnectionShortage(error)) await sleep(connectionShortage.refused(error));
        throw error;
      },
    );
    if (!callback) return attempt;
    const done = callback as (error: Error | null, client?: pg.Client) => void;
    attempt.then(
      (client) => done(null, client),
      (error: Error) => done(error),
    );
  }
}
