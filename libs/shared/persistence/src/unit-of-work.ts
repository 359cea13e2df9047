import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { type Actor, type AggregateRoot, Clock, ConcurrentChangeError, SYSTEM_ACTOR } from '@kelisim/kernel';
import { journalAppend, OUTBOX_CHANNEL, type PendingEvent, streamHeadsQuery, streamsWithHistory } from './journal/journal.js';
import { withLiterals } from './sql-literals.js';

interface TransactionContext {
  manager: EntityManager;
  actor: Actor;
  events: PendingEvent[];
  afterCommit: (() => void)[];
  /** The transaction's connection, with its BEGIN and deferred writes still to be sent. */
  link: TransactionLink;
}

/** One statement: parameterised as for `manager.query`. */
export interface BatchStatement {
  text: string;
  values?: readonly unknown[];
}

/** The rows a statement returned. */
export type Rows = Record<string, unknown>[];

interface PgResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

type PgQuery = (text: unknown, values?: unknown) => unknown;

/** SQLSTATE of kelisim_expect_saved: an aggregate row's optimistic check failed. */
const CONCURRENT_CHANGE = 'KL409';

/** Commits within this many milliseconds share one wake-up of the relay. */
const WAKE_COALESCE_MS = 2;

/**
 * One PostgreSQL transaction per command. Repositories write through `manager`, or defer their
 * writes (`defer`) to travel with the next statement or with the commit; the events of every saved
 * aggregate are appended to the journal (with their outbox rows) just before commit, so a command
 * that fails leaves no row, no event and no outbox row. A nested `run` joins the outer transaction
 * (an idempotent HTTP request, or an outbox consumer's inbox row, wraps its command).
 *
 * Messages to PostgreSQL: BEGIN goes with the first statement; deferred writes go, in order, in
 * front of the next statement (so a later read sees them) or in front of the journal append, which
 * goes with COMMIT. A command that reads, then writes, sends two messages; one that adds events to
 * streams with history reads their last hashes with its deferred writes, one message more.
 */
@Injectable()
export class UnitOfWork {
  private readonly storage = new AsyncLocalStorage<TransactionContext>();
  private wakeScheduled = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  get actor(): Actor {
    return this.storage.getStore()?.actor ?? SYSTEM_ACTOR;
  }

  async run<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
    const outer = this.storage.getStore();
    if (outer) return this.storage.run({ ...outer, actor }, work);

    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const link = new TransactionLink(connectionOf(runner));
    markTransaction(runner, true);
    const context: TransactionContext = { manager: runner.manager, actor, events: [], afterCommit: [], link };
    try {
      const result = await this.storage.run(context, work);
      await link.commit(context.events.length > 0 ? await this.append(link, context.events) : null);
      markTransaction(runner, false);
      if (context.events.length > 0) this.wakeRelay();
      for (const callback of context.afterCommit) callback();
      return result;
    } catch (error) {
      // Writes not sent yet are dropped (they must not ride in front of the ROLLBACK). A transaction
      // whose BEGIN never left, or one the failed commit message ended, needs no ROLLBACK.
      link.discard();
      if (!link.open) markTransaction(runner, false);
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw translate(error);
    } finally {
      link.detach();
      await runner.release();
    }
  }

  /**
   * The journal append of the command's events. Streams that may have history need their last
   * hash first: one read, sent with the deferred writes; a command that only starts streams sends
   * nothing more.
   */
  private async append(link: TransactionLink, events: readonly PendingEvent[]): Promise<BatchStatement> {
    const streams = streamsWithHistory(events);
    const heads = new Map<string, string>();
    if (streams.length > 0) {
      const [rows] = await link.batch([streamHeadsQuery(streams)]);
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
      if (!this.dataSource.isInitialized) return;
      this.dataSource.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch(() => undefined);
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
    return this.requireContext().link.defer(statement);
  }

  /**
   * Several statements in one message to PostgreSQL (one round trip; parameters are written in as
   * literals), each answered with its rows, in order. In a transaction they run in it, and each
   * takes its own snapshot: a statement after a `FOR UPDATE` that waited sees what the lock holder
   * committed. Outside one they run on a pooled connection, each in a transaction of its own.
   */
  async batch(statements: readonly BatchStatement[]): Promise<Record<string, unknown>[][]> {
    const context = this.storage.getStore();
    if (context) return context.link.batch(statements);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const results = (await connectionOf(runner).query(statements.map(sqlOf).join(';\n'))) as PgResult | PgResult[];
      return (Array.isArray(results) ? results : [results]).map((r) => r.rows ?? []);
    } finally {
      await runner.release();
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
}

/** A pg client: queries given to it are sent one after another, in the order they were given. */
interface PgConnection {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * The connection of one transaction. What it has not sent yet (BEGIN, deferred writes) goes in
 * front of the next statement, from TypeORM or a batch, as one simple-protocol message.
 */
class TransactionLink {
  /** BEGIN has been sent and neither COMMIT nor a failed commit message ended the transaction. */
  open = false;
  private beginPending = true;
  private deferred: DeferredStatement[] = [];
  private readonly original: PgQuery;

  constructor(readonly connection: PgConnection) {
    const client = connection as unknown as { query: PgQuery };
    this.original = client.query;
    client.query = (text: unknown, values?: unknown) => {
      if (!this.beginPending && this.deferred.length === 0) return this.original.call(connection, text, values);
      if (typeof text !== 'string' || typeof values === 'function') {
        // A query object or a callback (not used inside commands): what is pending goes first, alone.
        void this.send([]).catch(() => undefined);
        return this.original.call(connection, text, values);
      }
      const statement = Array.isArray(values) && values.length > 0 ? withLiterals(text, values) : text;
      return this.send([statement]).then((results) => results[0]);
    };
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

  async batch(statements: readonly BatchStatement[]): Promise<Record<string, unknown>[][]> {
    return (await this.send(statements.map(sqlOf))).map((r) => r.rows ?? []);
  }

  /** The deferred writes, the journal append (if any) and COMMIT, as one message. */
  async commit(append: BatchStatement | null): Promise<void> {
    try {
      await this.send([...(append ? [sqlOf(append)] : []), 'COMMIT']);
    } catch (error) {
      // After a failed statement the transaction is still open, aborted; after a failed COMMIT it
      // is over and this ROLLBACK only draws a warning.
      if (this.open) await (this.original.call(this.connection, 'ROLLBACK') as Promise<unknown>).catch(() => undefined);
      throw error;
    } finally {
      this.open = false;
    }
  }

  /** What is pending, then `statements`, in one message; the results of `statements`. */
  private async send(statements: readonly string[]): Promise<PgResult[]> {
    const begin = this.beginPending;
    const deferred = this.deferred;
    this.beginPending = false;
    this.deferred = [];
    if (begin) this.open = true;
    const parts = [...(begin ? ['BEGIN'] : []), ...deferred.map((d) => d.sql), ...statements];
    if (parts.length === 0) return [];
    let results: PgResult[];
    try {
      const answer = (await this.original.call(this.connection, parts.join(';\n'))) as PgResult | PgResult[];
      results = Array.isArray(answer) ? answer : [answer];
      if (results.length !== parts.length) throw new Error(`a message of ${parts.length} statements got ${results.length} results`);
    } catch (error) {
      for (const d of deferred) d.reject(error);
      throw error;
    }
    const first = begin ? 1 : 0;
    deferred.forEach((d, i) => d.resolve(results[first + i].rows ?? []));
    return results.slice(first + deferred.length);
  }

  /** Gives the pooled client its own query method back. */
  detach(): void {
    (this.connection as unknown as { query: PgQuery }).query = this.original;
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

/** A failed optimistic check raised in SQL (kelisim_expect_saved) is a concurrent change, 409. */
function translate(error: unknown): unknown {
  const e = error as { code?: string; detail?: string; hint?: string; driverError?: { code?: string; detail?: string; hint?: string } };
  const source = e?.code === CONCURRENT_CHANGE ? e : e?.driverError?.code === CONCURRENT_CHANGE ? e.driverError : null;
  return source ? new ConcurrentChangeError(source.detail ?? 'aggregate', source.hint ?? '') : error;
}

/** The pg client under a TypeORM query runner (connected). */
function connectionOf(runner: QueryRunner): PgConnection {
  return (runner as unknown as { databaseConnection: PgConnection }).databaseConnection;
}

/** TypeORM's view of the transaction, whose BEGIN and COMMIT this unit of work sends itself. */
function markTransaction(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}
