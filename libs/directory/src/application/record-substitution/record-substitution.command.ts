import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { SubstitutionBasis } from '../../domain/substitution.js';
import type { SubstitutionView } from '../substitution.view.js';

export class RecordSubstitutionCommand extends Command<SubstitutionView> {
  constructor(
    readonly actor: Actor,
    readonly data: { principalId: string; deputyId: string; from: Date; to: Date; basis: SubstitutionBasis },
  ) {
    super();
  }
}
