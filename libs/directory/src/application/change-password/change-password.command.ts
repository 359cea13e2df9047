import { Command } from '@nestjs/cqrs';
import type { AuthenticatedActor } from '@kelisim/auth';
import type { UserView } from '../directory.views.js';

/**
 * A user changes their own password, with the current one, admins too; the attempt is throttled
 * like a login (same counters), from the client's address.
 */
export class ChangePasswordCommand extends Command<UserView> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly newPassword: string,
    readonly currentPassword: string,
    readonly clientAddress: string | undefined,
  ) {
    super();
  }
}
