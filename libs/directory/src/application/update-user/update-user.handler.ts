import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, ValidationError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { EmailAlreadyUsedError, ReferenceCycleError, UnknownReferenceError } from '../../domain/directory.errors.js';
import { OrganizationRepository, PasswordHasher, UserRepository } from '../../domain/directory.repositories.js';
import { assertPasswordStrength } from '../register-user/register-user.handler.js';
import { userView, type UserView } from '../directory.views.js';
import { UpdateUserCommand } from './update-user.command.js';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ actor, userId, changes, expectedRevision, newPassword }: UpdateUserCommand): Promise<UserView> {
    // One's own password changes at /me/password, with the current one; here an admin resets another's.
    if (newPassword !== undefined && actor.userId === userId) {
      throw new ValidationError('password', 'your own password is changed at POST /me/password, with currentPassword', 'USER.OWN_PASSWORD_AT_ME');
    }
    if (newPassword !== undefined) assertPasswordStrength(newPassword);
    const passwordHash = newPassword === undefined ? undefined : await this.hasher.hash(newPassword);
    return this.uow.run(actor, async () => {
      const user = await this.users.get(userId);
      if (!user) throw new NotFoundError('user', userId);
      user.assertRevision(expectedRevision);
      if (changes.organizationId && !(await this.organizations.get(changes.organizationId))) {
        throw new UnknownReferenceError('organizationId', changes.organizationId);
      }
      if (changes.headId) {
        if (!(await this.users.get(changes.headId))) throw new UnknownReferenceError('headId', changes.headId);
        if ((await this.users.heads(changes.headId)).includes(userId)) throw new ReferenceCycleError('headId');
      }
      if (changes.email) {
        const holder = await this.users.getByEmail(changes.email);
        if (holder && holder.id !== userId) throw new EmailAlreadyUsedError(changes.email);
      }
      user.update(changes);
      if (passwordHash) user.changePassword(passwordHash, true);
      await this.users.save(user);
      return userView(user);
    });
  }
}
