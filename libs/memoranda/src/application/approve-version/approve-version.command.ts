import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** A party approves the version (its signatory, or an admin for it). */
export class ApproveVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly comment: string | null,
    readonly onBehalfOf: string | null,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
