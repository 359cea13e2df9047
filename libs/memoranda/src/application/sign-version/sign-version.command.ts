import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** A party signs the version; the last signature puts it in force. */
export class SignVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly textHash: string | null,
    readonly onBehalfOf: string | null,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
