import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** The prosecutor returns the version to the drafter with remarks on clauses. */
export class ReturnVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly remarks: { clause: number; text: string }[],
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
