import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** The prosecutor clears the version for the parties' approval. */
export class ClearVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly comment: string | null,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
