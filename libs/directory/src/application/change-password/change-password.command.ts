import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { UserView } from '../directory.views.js';

/** A user changes their own password (with the current one); an admin resets anyone's (without). */
export class ChangePasswordCommand extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
    readonly newPassword: string,
    readonly currentPassword?: string,
  ) {
    super();
  }
}
