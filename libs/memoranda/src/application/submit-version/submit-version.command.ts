import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** Sends a draft to the reviewer (the prosecutor's office). */
export class SubmitVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
