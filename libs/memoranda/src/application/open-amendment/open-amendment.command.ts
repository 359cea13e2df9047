import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** A party opens version n+1 as a draft copied from the version in force. */
export class OpenAmendmentCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly reason: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
