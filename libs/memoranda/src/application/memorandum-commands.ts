import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { type Actor, Clock, ConcurrentChangeError, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import type { Memorandum, Moment } from '../domain/memorandum.js';
import { MemorandumRepository } from '../domain/memoranda.repositories.js';
import { StageCalendar } from '../domain/stage-calendar.js';
import { memorandumView, type MemorandumView } from './memoranda.views.js';

export interface ChangeOptions {
  /**
   * Approvals and signatures of different parties commute: when another party's command saved
   * first, reload and decide again instead of answering 409. Other commands do not retry.
   */
  retryConcurrent?: boolean;
}

/** Enough for every party of a large memorandum acting at the same moment. */
const MAX_ATTEMPTS = 40;

/** The one shape of every memorandum command: load (404 if unseen), check If-Match, decide, save. */
@Injectable()
export class MemorandumCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly memoranda: MemorandumRepository,
    private readonly clock: Clock,
    private readonly calendar: StageCalendar,
  ) {}

  moment(actor: Actor): Moment {
    return { by: actor, at: this.clock.now(), calendar: this.calendar };
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
        return await this.uow.run(actor, async () => {
          const memorandum = await this.memoranda.get(id);
          if (!memorandum || !memorandum.isVisibleTo(actor)) throw new NotFoundError('memorandum', id);
          memorandum.assertRevision(expectedRevision);
          decide(memorandum, this.moment(actor));
          await this.memoranda.save(memorandum);
          return memorandumView(memorandum.id, memorandum.version, memorandum.state);
        });
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError) || !options.retryConcurrent || attempt >= MAX_ATTEMPTS) throw error;
        // A little jitter so the losers of one round do not collide again in the next.
        await sleep(Math.floor(Math.random() * 5 * Math.min(attempt, 6)));
      }
    }
  }
}
