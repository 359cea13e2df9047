import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { NewMemorandum } from '../../domain/memorandum.js';
import type { MemorandumView } from '../memoranda.views.js';

/** A user of a party drafts a memorandum: version 1 in draft. */
export class CreateMemorandumCommand extends Command<MemorandumView> {
  constructor(
    readonly actor: Actor,
    readonly data: NewMemorandum,
  ) {
    super();
  }
}
