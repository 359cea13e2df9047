import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemorandumView } from '../memoranda.views.js';

/** A party signs the version (a click, or an ЭЦП: a detached CMS over the frozen text); the last signature puts it in force. */
export class SignVersionCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly memorandumId: string,
    readonly number: number,
    readonly textHash: string | null,
    readonly onBehalfOf: string | null,
    readonly expectedRevision?: number,
    /** DER of the detached CMS, when the signer sent one. */
    readonly cms: Uint8Array | null = null,
  ) {
    super();
  }
}
