import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError, hasRole, NotFoundError, ValidationError } from '@kelisim/kernel';
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
  ) {}

  async execute({ actor, userId, newPassword, currentPassword }: ChangePasswordCommand): Promise<UserView> {
    const self = actor.userId === userId;
    const admin = hasRole(actor, 'admin');
    if (!self && !admin) throw new ForbiddenError('USER.NOT_SELF', 'Only the user or an admin may change a password.');
    assertPasswordStrength(newPassword, 'newPassword');
    const passwordHash = await this.hasher.hash(newPassword);
    return this.uow.run(actor, async () => {
      const user = await this.users.get(userId);
      if (!user) throw new NotFoundError('user', userId);
      if (self && !admin) {
        if (!currentPassword || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
          throw new ValidationError('currentPassword', 'currentPassword is wrong', 'USER.CURRENT_PASSWORD_WRONG');
        }
      }
      user.changePassword(passwordHash, !self);
      await this.users.save(user);
      return userView(user);
    });
  }
}
