import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** Replaces the clauses of a draft version. */
export class EditClausesCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly clauses: string[],
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
