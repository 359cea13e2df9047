import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LoginThrottle } from '@kelisim/auth';
import { NotFoundError, ValidationError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { PasswordHasher, UserRepository } from '../../domain/directory.repositories.js';
import { userView, type UserView } from '../directory.views.js';
import { assertPasswordStrength } from '../register-user/register-user.handler.js';
import { ChangePasswordCommand } from './change-password.command.js';

@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute({ actor, newPassword, currentPassword, clientAddress }: ChangePasswordCommand): Promise<UserView> {
    assertPasswordStrength(newPassword, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    return this.uow.run(actor, async () => {
      const user = await this.users.get(actor.userId);
      if (!user) throw new NotFoundError('user', actor.userId);
      // A stolen token must not be enough to take the account over: the current password is asked
      // of everyone, admins included, and guessing it counts as failed logins.
      const attempt = await this.throttle.admit(user.state.email, clientAddress);
      if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
        throw new ValidationError('currentPassword', 'currentPassword is wrong', 'USER.CURRENT_PASSWORD_WRONG');
      }
      await attempt.succeeded();
      user.changePassword(passwordHash, false);
      await this.users.save(user);
      return userView(user);
    });
  }
}
