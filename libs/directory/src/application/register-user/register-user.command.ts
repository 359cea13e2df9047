import { Command } from '@nestjs/cqrs';
import type { Actor, Locale, Role } from '@kelisim/kernel';
import type { UserView } from '../directory.views.js';

export interface RegisterUserData {
  fullName: string;
  email: string;
  organizationId: string;
  position?: string;
  headId?: string;
  roles?: Role[];
  locale?: Locale;
  timezone?: string;
  iin?: string;
  password: string;
}

export class RegisterUserCommand extends Command<UserView> {
  constructor(
    readonly actor: Actor,
    readonly data: RegisterUserData,
  ) {
    super();
  }
}
