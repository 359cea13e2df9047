import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** A party declines to sign: back to draft, approvals and signatures void. */
export class DeclineVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly reason: string,
    readonly onBehalfOf: string | null,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
