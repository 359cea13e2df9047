import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { type Actor, type AggregateRoot, Clock, SYSTEM_ACTOR } from '@kelisim/kernel';
import { appendAndCommit, type PendingEvent } from './journal/journal.js';
import { withLiterals } from './sql-literals.js';

interface TransactionContext {
  manager: EntityManager;
  actor: Actor;
  events: PendingEvent[];
  afterCommit: (() => void)[];
  /** The transaction's connection and whether its BEGIN is still to be sent (with the first statement). */
  link: TransactionLink;
}

/** One statement of a batch: parameterised as for `manager.query`. */
export interface BatchStatement {
  text: string;
  values?: readonly unknown[];
}

interface PgResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

type PgQuery = (text: unknown, values?: unknown) => unknown;

/**
 * One PostgreSQL transaction per command. Repositories write through `manager`; the events of every
 * saved aggregate are appended to the journal (with their outbox rows) just before commit, so a
 * command that fails leaves no row, no event and no outbox row. A nested `run` joins the outer
 * transaction (an idempotent HTTP request, or an outbox consumer's inbox row, wraps its command).
 */
@Injectable()
export class UnitOfWork {
  private readonly storage = new AsyncLocalStorage<TransactionContext>();

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
    // BEGIN is not a round trip of its own: it goes out with the transaction's first statement.
    const link = new TransactionLink(connectionOf(runner));
    markTransactionStarted(runner);
    const context: TransactionContext = { manager: runner.manager, actor, events: [], afterCommit: [], link };
    try {
      const result = await this.storage.run(context, work);
      try {
        await appendAndCommit(link.connection, context.events, link.takeBegin());
      } finally {
        // COMMIT went straight to the connection (after a failed append it was rolled back there):
        // either way the transaction is over, which TypeORM must know before the runner is released.
        markTransactionEnded(runner);
      }
      for (const callback of context.afterCommit) callback();
      return result;
    } catch (error) {
      if (link.takeBegin()) markTransactionEnded(runner);
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      link.detach();
      await runner.release();
    }
  }

  /**
   * Several statements in one message to PostgreSQL (one round trip; parameters are written in as
   * literals), each answered with its rows, in order. In a transaction they run in it, and each
   * takes its own snapshot: a statement after a `FOR UPDATE` that waited sees what the lock holder
   * committed. Outside one they run on a pooled connection, each in a transaction of its own.
   */
  async batch(statements: readonly BatchStatement[]): Promise<Record<string, unknown>[][]> {
    const text = statements.map((s) => (s.values?.length ? withLiterals(s.text, s.values) : s.text)).join(';\n');
    const context = this.storage.getStore();
    if (context) return context.link.batch(text, statements.length);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      return rowsOf((await connectionOf(runner).query(text)) as PgResult | PgResult[], statements.length);
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
 * The connection of one transaction whose BEGIN has not been sent yet: the first statement, from
 * TypeORM or a batch, carries it in the same simple-protocol message (its parameters as literals).
 */
class TransactionLink {
  private beginPending = true;
  private readonly original: PgQuery;

  constructor(readonly connection: PgConnection) {
    const client = connection as unknown as { query: PgQuery };
    this.original = client.query;
    client.query = (text: unknown, values?: unknown) => {
      if (!this.takeBegin()) return this.original.call(connection, text, values);
      if (typeof text !== 'string' || typeof values === 'function') {
        // A query object or a callback: BEGIN goes first on its own (pg sends queries in order).
        void (this.original.call(connection, 'BEGIN') as Promise<unknown>).catch(() => undefined);
        return this.original.call(connection, text, values);
      }
      const statement = Array.isArray(values) && values.length > 0 ? withLiterals(text, values) : text;
      return (this.original.call(connection, `BEGIN;\n${statement}`) as Promise<PgResult[]>).then((results) => results[results.length - 1]);
    };
  }

  /** True once: when BEGIN is still to be sent, and from now on it is the caller's to send. */
  takeBegin(): boolean {
    const pending = this.beginPending;
    this.beginPending = false;
    return pending;
  }

  async batch(text: string, count: number): Promise<Record<string, unknown>[][]> {
    const begin = this.takeBegin();
    const results = (await this.original.call(this.connection, begin ? `BEGIN;\n${text}` : text)) as PgResult | PgResult[];
    return rowsOf(Array.isArray(results) && begin ? results.slice(1) : results, count);
  }

  /** Gives the pooled client its own query method back. */
  detach(): void {
    (this.connection as unknown as { query: PgQuery }).query = this.original;
  }
}

function rowsOf(results: PgResult | PgResult[], count: number): Record<string, unknown>[][] {
  const list = Array.isArray(results) ? results : [results];
  if (list.length !== count) throw new Error(`a batch of ${count} statements got ${list.length} results`);
  return list.map((r) => r.rows ?? []);
}

/** The pg client under a TypeORM query runner (connected). */
function connectionOf(runner: QueryRunner): PgConnection {
  return (runner as unknown as { databaseConnection: PgConnection }).databaseConnection;
}

/** TypeORM's view of the transaction: it is open (its BEGIN travels with the first statement). */
function markTransactionStarted(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}

function markTransactionEnded(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
