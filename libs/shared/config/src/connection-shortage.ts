import { Logger } from '@nestjs/common';
import pg from 'pg';

/** PostgreSQL's too_many_connections: the server's max_connections, or a role's or a database's CONNECTION LIMIT. */
export const TOO_MANY_CONNECTIONS = '53300';

export const isConnectionShortage = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === TOO_MANY_CONNECTIONS;

/** What to change when PostgreSQL has too few connections for the platform (the pool's size named when known). */
export const connectionShortageAdvice = (poolSize?: number): string =>
  `Lower KELISIM_DB_POOL_SIZE${poolSize === undefined ? '' : ` (now ${poolSize})`} or raise max_connections (or the role's CONNECTION LIMIT)`;

/** The one line for a refusal that stops start-up (one that came after the start's own check). */
export const tooManyConnections = (error: Error): string =>
  `PostgreSQL refused a connection: ${error.message} (${TOO_MANY_CONNECTIONS}). ${connectionShortageAdvice()}.`;

/**
 * A warning that comes again and again (a loop meeting the same failure): one line per `everyMs` at
 * most; each line is told how many were held back since the last one.
 */
export class ThrottledWarning {
  private loggedAt = -Infinity;
  private heldBack = 0;

  constructor(
    private readonly logger: Logger,
    private readonly everyMs: number,
  ) {}

  warn(line: (heldBack: number) => string): void {
    const now = Date.now();
    if (now - this.loggedAt < this.everyMs) {
      this.heldBack++;
      return;
    }
    this.logger.warn(line(this.heldBack));
    this.loggedAt = now;
    this.heldBack = 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  private readonly warning = new ThrottledWarning(new Logger('PostgreSQL'), LOG_EVERY_MS);
  private consecutive = 0;

  /** How long to wait before the caller hears of this refusal; logs at most one line per LOG_EVERY_MS. */
  refused(error: Error): number {
    this.consecutive++;
    this.warning.warn(
      (heldBack) =>
        `PostgreSQL refuses new connections (${error.message}, ${TOO_MANY_CONNECTIONS}): ${heldBack + 1} refused since the last such line; ` +
        `background work retries with backoff. ${connectionShortageAdvice()}`,
    );
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(this.consecutive - 1, 16));
    return Math.round(ceiling * (0.5 + Math.random() / 2));
  }

  /** When `error` is a refusal (53300): waits out its backoff before the caller hears of it. */
  async waitOut(error: unknown): Promise<void> {
    if (isConnectionShortage(error)) await sleep(this.refused(error as Error));
  }

  connected(): void {
    this.consecutive = 0;
  }
}

export const connectionShortage = new ConnectionShortage();


/**
 * A pg client that always listens for its errors: the `Client` of every pool of the platform.
 * pg-pool hands a client over a promise's turn after the server's "ready", with no 'error' listener
 * until its taker adds one; an error read in the same chunk (the connection cut at once: 57P01 from
 * pg_terminate_backend or a shutdown) was emitted to nobody, and that ended the process. The client
 * is then not queryable: its taker hears of it at its next query, and the pool drops it on release.
 */
export class GuardedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * A pg client whose refused connection (53300) is reported only after the shortage's backoff. Given
 * to the background pools (TypeORM's, BullMQ's on PostgreSQL) as pg-pool's `Client` option, so
 * every loop that takes a connection from them backs off while the server is full.
 */
export class PatientClient extends GuardedClient {
  override connect(): Promise<pg.Client>;
  override connect(callback: ((error: Error) => void) | ((error: null, client: pg.Client) => void)): void;
  override connect(callback?: ((error: Error) => void) | ((error: null, client: pg.Client) => void)): Promise<pg.Client> | void {
    const attempt = super.connect().then(
      (client) => {
        connectionShortage.connected();
        return client;
      },
      async (error: Error) => {
        await connectionShortage.waitOut(error);
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
