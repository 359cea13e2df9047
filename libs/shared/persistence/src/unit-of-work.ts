import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { type Actor, type AggregateRoot, Clock, SYSTEM_ACTOR } from '@kelisim/kernel';
import { appendAndCommit, type PendingEvent } from './journal/journal.js';

interface TransactionContext {
  manager: EntityManager;
  actor: Actor;
  events: PendingEvent[];
  afterCommit: (() => void)[];
}

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
    await runner.startTransaction();
    const context: TransactionContext = { manager: runner.manager, actor, events: [], afterCommit: [] };
    try {
      const result = await this.storage.run(context, work);
      try {
        await appendAndCommit(connectionOf(runner), context.events);
      } finally {
        // COMMIT went straight to the connection (after a failed append PostgreSQL made it a ROLLBACK):
        // either way the transaction is over, which TypeORM must know before the runner is released.
        markTransactionEnded(runner);
      }
      for (const callback of context.afterCommit) callback();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
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

/** The pg client under a TypeORM query runner (connected, in a transaction). */
function connectionOf(runner: QueryRunner): { query(text: string, values?: unknown[]): Promise<unknown> } {
  return (runner as unknown as { databaseConnection: { query(text: string, values?: unknown[]): Promise<unknown> } }).databaseConnection;
}

function markTransactionEnded(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
