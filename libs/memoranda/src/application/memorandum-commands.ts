import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { type Actor, Clock, ConcurrentChangeError, KeyedQueue, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import type { Memorandum, Moment } from '../domain/memorandum.js';
import { MemorandumRepository } from '../domain/memoranda.repositories.js';
import { StageCalendarSource } from '../domain/stage-calendar.js';
import { MemorandumDeadlines } from './memorandum-deadlines.js';
import { memorandumView, type MemorandumView } from './memoranda.views.js';

export interface ChangeOptions {
  /**
   * Approvals and signatures of different parties commute: they take the memorandum's row lock
   * when they load it, so parties acting at the same moment queue on it instead of all deciding on
   * the same revision and all but one losing the optimistic check (which, with ten parties, cost
   * tens of wasted load-decide attempts per memorandum). Should the check still fail (a command
   * that does not lock saved in between), reload and decide again instead of answering 409.
   * Other commands neither lock nor retry.
   */
  retryConcurrent?: boolean;
}

/** Enough for every party of a large memorandum acting at the same moment. */
const MAX_ATTEMPTS = 40;

/**
 * The one shape of every memorandum command: load (404 if unseen), check If-Match, decide, save,
 * move the stage's deadline (`save`).
 * Commands on one memorandum queue in this process before they take a connection: ten parties
 * acting at once would otherwise hold ten pooled connections and ten PostgreSQL sessions waiting on
 * one row lock, while other memoranda wait for a connection. The row lock still orders commands
 * across processes.
 */
@Injectable()
export class MemorandumCommands {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly memoranda: MemorandumRepository,
    private readonly deadlines: MemorandumDeadlines,
    private readonly clock: Clock,
    private readonly calendars: StageCalendarSource,
  ) {}

  async moment(actor: Actor): Promise<Moment> {
    return { by: actor, at: this.clock.now(), calendar: await this.calendars.current() };
  }

  /**
   * Persists the memorandum and moves its stage's deadline (reminders, notices) in the same
   * transaction. The events are read before the save, which takes them to commit.
   */
  async save(memorandum: Memorandum): Promise<void> {
    const events = [...memorandum.peekEvents()];
    await this.memoranda.save(memorandum);
    await this.deadlines.follow(memorandum, events);
  }

  async change(
    actor: Actor,
    id: string,
    expectedRevision: number | undefined,
    decide: (memorandum: Memorandum, moment: Moment) => void,
    options: ChangeOptions = {},
  ): Promise<MemorandumView> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.queue.run(id, () => this.uow.run(actor, async () => {
          const memorandum = await this.memoranda.get(id, { lock: options.retryConcurrent === true });
          if (!memorandum || !memorandum.isVisibleTo(actor)) throw new NotFoundError('memorandum', id);
          memorandum.assertRevision(expectedRevision);
          decide(memorandum, await this.moment(actor));
          await this.save(memorandum);
          return memorandumView(memorandum.id, memorandum.version, memorandum.state);
        }));
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError) || !options.retryConcurrent || attempt >= MAX_ATTEMPTS) throw error;
        // A little jitter so the losers of one round do not collide again in the next.
        await sleep(Math.floor(Math.random() * 5 * Math.min(attempt, 6)));
      }
    }
  }
}
