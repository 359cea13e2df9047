import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { WorkingGroupBasis } from '../../domain/groups.types.js';
import type { WorkingGroupView } from '../groups.views.js';

export interface FormWorkingGroupData {
  /** Chosen beforehand when a meeting decision forms the group; a new id otherwise. */
  id?: string;
  name: string;
  mandate: string;
  basis?: WorkingGroupBasis;
  chairId: string;
  secretaryId?: string;
  memberIds?: string[];
}

export class FormWorkingGroupCommand extends Command<WorkingGroupView> {
  constructor(
    readonly actor: Actor,
    readonly data: FormWorkingGroupData,
  ) {
    super();
  }
}
