import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { SubstitutionView } from '../substitution.view.js';

export class EndSubstitutionCommand extends Command<SubstitutionView> {
  constructor(
    readonly actor: Actor,
    readonly substitutionId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
