import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { type Actor, type AggregateRoot, Clock, ConcurrentChangeError, SYSTEM_ACTOR } from '@kelisim/kernel';
import { journalAppend, OUTBOX_CHANNEL, type PendingEvent, streamHeadsQuery, streamsWithHistory } from './journal/journal.js';
import { withLiterals } from './sql-literals.js';

/**
 * The pg pool of the commands (and of the queries that read as they do): the unit of work's own,
 * from the same URL as TypeORM's DataSource, which keeps the migrations and the background work.
 */
export const COMMAND_POOL = Symbol('kelisim:command-pool');

interface TransactionContext {
  actor: Actor;
  events: PendingEvent[];
  afterCommit: (() => void)[];
  /** The transaction's connection, with its BEGIN and deferred writes still to be sent. */
  transaction: Transaction;
}

/** One statement: parameterised as for `query`. */
export interface BatchStatement {
  text: string;
  values?: readonly unknown[];
}

/** The rows a statement returned. */
export type Rows = Record<string, unknown>[];

/** SQLSTATE of kelisim_expect_saved: an aggregate row's optimistic check failed. */
const CONCURRENT_CHANGE = 'KL409';

/** Commits within this many milliseconds share one wake-up of the relay. */
const WAKE_COALESCE_MS = 2;

/**
 * One PostgreSQL transaction per command, on a connection of its own pool. Repositories read and
 * write through `query`, or defer their writes (`defer`) to travel with the next statement or with
 * the commit; the events of every saved aggregate are appended to the journal (with their outbox
 * rows) just before commit, so a command that fails leaves no row, no event and no outbox row. A
 * nested `run` joins the outer transaction (an idempotent HTTP request, or an outbox consumer's
 * inbox row, wraps its command).
 *
 * Messages to PostgreSQL: BEGIN goes with the first statement; deferred writes go, in order, in
 * front of the next statement (so a later read sees them) or in front of the journal append, which
 * goes with COMMIT. A command that reads, then writes, sends two messages; one that adds events to
 * streams with history reads their last hashes with its deferred writes, one message more. A
 * statement with nothing in front of it goes with its parameters (extended protocol); one with
 * something in front of it shares a simple-protocol message, its parameters written in as literals
 * (`withLiterals`).
 */
@Injectable()
export class UnitOfWork implements OnApplicationShutdown {
  private readonly logger = new Logger(UnitOfWork.name);
  private readonly storage = new AsyncLocalStorage<TransactionContext>();
  private wakeScheduled = false;

  constructor(
    @Inject(COMMAND_POOL) private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {
    // A connection that dies while idle in the pool: the pool drops it; nothing else to do.
    pool.on('error', (error) => this.logger.warn(`An idle PostgreSQL connection failed: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ending) await this.pool.end();
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  get actor(): Actor {
    return this.storage.getStore()?.actor ?? SYSTEM_ACTOR;
  }

  /**
   * The rows of one statement: in the command's transaction (after what it has not sent yet), or,
   * outside one, on a pooled connection in a transaction of its own.
   */
  async query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]> {
    const context = this.storage.getStore();
    if (context) return (await context.transaction.query(text, values)) as R[];
    return (await this.pool.query(text, values?.length ? [...values] : undefined)).rows as R[];
  }

  async run<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    const outer = this.storage.getStore();
    if (outer) return this.storage.run({ ...outer, actor }, work);

    const client = await this.connect();
    const transaction = new Transaction(client);
    const context: TransactionContext = { actor, events: [], afterCommit: [], transaction };
    let broken = false;
    try {
      const result = await this.storage.run(context, work);
      await transaction.commit(context.events.length > 0 ? await this.append(transaction, context.events) : null);
      if (context.events.length > 0) this.wakeRelay();
      for (const callback of context.afterCommit) callback();
      return result;
    } catch (error) {
      // Writes not sent yet are dropped (they must not ride in front of the ROLLBACK). A transaction
      // whose BEGIN never left, or one a successful COMMIT ended, needs no ROLLBACK.
      transaction.discard();
      broken = !(await transaction.rollback());
      throw translate(error);
    } finally {
      release(client, broken);
    }
  }

  /**
   * The journal append of the command's events. Streams that may have history need their last
   * hash first: one read, sent with the deferred writes; a command that only starts streams sends
   * nothing more.
   */
  private async append(transaction: Transaction, events: readonly PendingEvent[]): Promise<BatchStatement> {
    const streams = streamsWithHistory(events);
    const heads = new Map<string, string>();
    if (streams.length > 0) {
      const [rows] = await transaction.batch([streamHeadsQuery(streams)]);
      for (const row of rows) heads.set(String(row.stream_id), String(row.hash));
    }
    return journalAppend(events, heads);
  }

  /**
   * Wakes the outbox relay (in whichever process runs it) after a commit: at most one NOTIFY per
   * few milliseconds from this process, each in a transaction of its own — not inside the command,
   * where NOTIFY's queue lock would make every commit of the installation wait for the previous one.
   */
  private wakeRelay(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setTimeout(() => {
      this.wakeScheduled = false;
      if (this.pool.ending) return;
      this.pool.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch(() => undefined);
    }, WAKE_COALESCE_MS).unref();
  }

  /**
   * Sends `statement` with the transaction's next message rather than on its own: in front of the
   * next statement, or with the commit. Its rows come as a promise resolved when that message
   * returns: read it after commit (`afterCommit`), or after a later statement of the command —
   * awaited before either, it waits for a message the command has not sent. An error the statement
   * raises fails the command there (e.g. kelisim_expect_saved, which becomes a ConcurrentChangeError),
   * through that statement or the commit; the promise is rejected too, and a command that does not
   * await it sees no unhandled rejection. A command that fails before the statement left rejects it.
   */
  defer(statement: BatchStatement): Promise<Rows> {
    return this.requireContext().transaction.defer(statement);
  }

  /**
   * Several statements in one message to PostgreSQL (one round trip; parameters are written in as
   * literals), each answered with its rows, in order. In a transaction they run in it, and each
   * takes its own snapshot: a statement after a `FOR UPDATE` that waited sees what the lock holder
   * committed. Outside one they run on a pooled connection, each in a transaction of its own.
   */
  async batch(statements: readonly BatchStatement[]): Promise<Rows[]> {
    const context = this.storage.getStore();
    if (context) return context.transaction.batch(statements);
    const client = await this.connect();
    let broken = false;
    try {
      return rowsOf(await client.query(statements.map(sqlOf).join(';\n')), statements.length);
    } catch (error) {
      broken = !isStatementError(error);
      throw error;
    } finally {
      release(client, broken);
    }
  }

  /** Takes the aggregate's pending events for the journal of the current transaction. */
  collect(aggregate: AggregateRoot): void {
    const context = this.requireContext();
    const firstVersion = aggregate.loadedVersion + 1;
    const occurredAt = this.clock.now();
    aggregate.pullEvents().forEach((event, i) => {
      context.events.push({
        ...event,
        streamId: aggregate.id,
        streamType: aggregate.streamType,
        version: firstVersion + i,
        actorId: context.actor.userId,
        occurredAt,
      });
    });
  }

  /** Runs after a successful commit (never after a rollback). */
  afterCommit(callback: () => void): void {
    this.requireContext().afterCommit.push(callback);
  }

  private requireContext(): TransactionContext {
    const context = this.storage.getStore();
    if (!context) throw new Error('No transaction: wrap the command in UnitOfWork.run()');
    return context;
  }

  /**
   * A pooled connection, listening for its own errors while it is out of the pool (the pool
   * listens only while it is idle there): a backend that dies between two statements of a command
   * fails that command's next statement, not the process.
   */
  private async connect(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    client.on('error', ignore);
    return client;
  }
}

/**
 * The connection of one transaction. What it has not sent yet (BEGIN, deferred writes) goes in
 * front of the next statement, as one simple-protocol message. pg sends a client's queries one
 * after another, in the order they were given.
 */
class Transaction {
  /** BEGIN has been sent and no COMMIT has ended the transaction. */
  private open = false;
  private beginPending = true;
  private deferred: DeferredStatement[] = [];

  constructor(private readonly client: pg.PoolClient) {}

  async query(text: string, values?: readonly unknown[]): Promise<Rows> {
    if (!this.beginPending && this.deferred.length === 0) return (await this.client.query(text, values?.length ? [...values] : undefined)).rows;
    const [rows] = await this.send([values?.length ? withLiterals(text, values) : text]);
    return rows;
  }

  defer(statement: BatchStatement): Promise<Rows> {
    let settle!: Pick<DeferredStatement, 'resolve' | 'reject'>;
    const rows = new Promise<Rows>((resolve, reject) => (settle = { resolve, reject }));
    // The command fails through the statement that failed, or its commit: this is a second hearing.
    rows.catch(() => undefined);
    this.deferred.push({ sql: sqlOf(statement), ...settle });
    return rows;
  }

  /** Forgets the writes not sent yet: the command failed before they left. */
  discard(): void {
    const dropped = this.deferred;
    this.deferred = [];
    for (const d of dropped) d.reject(new Error('not sent: the command failed before this statement left'));
  }

  batch(statements: readonly BatchStatement[]): Promise<Rows[]> {
    return this.send(statements.map(sqlOf));
  }

  /** The deferred writes, the journal append (if any) and COMMIT, as one message. */
  async commit(append: BatchStatement | null): Promise<void> {
    await this.send([...(append ? [sqlOf(append)] : []), 'COMMIT']);
    this.open = false;
  }

  /**
   * Ends a failed transaction: after a failed statement it is still open, aborted; after a failed
   * COMMIT it is over and this ROLLBACK only draws a warning. False when the connection cannot
   * say so (it is not to go back to the pool).
   */
  async rollback(): Promise<boolean> {
    if (!this.open) return true;
    this.open = false;
    return this.client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
  }

  /** What is pending, then `statements`, in one message; the rows of `statements`. */
  private async send(statements: readonly string[]): Promise<Rows[]> {
    const begin = this.beginPending;
    const deferred = this.deferred;
    this.beginPending = false;
    this.deferred = [];
    if (begin) this.open = true;
    const parts = [...(begin ? ['BEGIN'] : []), ...deferred.map((d) => d.sql), ...statements];
    if (parts.length === 0) return [];
    let rows: Rows[];
    try {
      rows = rowsOf(await this.client.query(parts.join(';\n')), parts.length);
    } catch (error) {
      for (const d of deferred) d.reject(error);
      throw error;
    }
    const first = begin ? 1 : 0;
    deferred.forEach((d, i) => d.resolve(rows[first + i]));
    return rows.slice(first + deferred.length);
  }
}

/** A deferred statement, written out, and the settling of its rows' promise. */
interface DeferredStatement {
  sql: string;
  resolve(rows: Rows): void;
  reject(error: unknown): void;
}

function sqlOf(statement: BatchStatement): string {
  return statement.values?.length ? withLiterals(statement.text, statement.values) : statement.text;
}

/** The rows of each statement of a simple-protocol message (pg answers one result, or an array). */
function rowsOf(answer: pg.QueryResult | pg.QueryResult[], statements: number): Rows[] {
  const results = Array.isArray(answer) ? answer : [answer];
  if (results.length !== statements) throw new Error(`a message of ${statements} statements got ${results.length} results`);
  return results.map((r) => r.rows ?? []);
}

/** An error PostgreSQL answered for a statement: the connection itself is fine. */
function isStatementError(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}

function release(client: pg.PoolClient, broken: boolean): void {
  client.off('error', ignore);
  client.release(broken);
}

function ignore(): void {}

/** A failed optimistic check raised in SQL (kelisim_expect_saved) is a concurrent change, 409. */
function translate(error: unknown): unknown {
  const e = error as { code?: string; detail?: string; hint?: string };
  return e?.code === CONCURRENT_CHANGE ? new ConcurrentChangeError(e.detail ?? 'aggregate', e.hint ?? '') : error;
}
