import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** A controller ends an active memorandum. */
export class TerminateMemorandumCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly reason: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
