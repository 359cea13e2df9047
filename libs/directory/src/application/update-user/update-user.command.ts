import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { UserChanges } from '../../domain/user.js';
import type { UserView } from '../directory.views.js';

export class UpdateUserCommand extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly changes: UserChanges,
    readonly expectedRevision?: number,
    /** An admin's password reset, in the same transaction. */
    readonly newPassword?: string,
  ) {
    super();
  }
}
