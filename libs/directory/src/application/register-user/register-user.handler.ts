import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEFAULT_LOCALE, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { EmailAlreadyUsedError, PasswordTooWeakError, UnknownReferenceError } from '../../domain/directory.errors.js';
import { OrganizationRepository, PasswordHasher, UserRepository } from '../../domain/directory.repositories.js';
import { User } from '../../domain/user.js';
import { userView, type UserView } from '../directory.views.js';
import { RegisterUserCommand } from './register-user.command.js';

export const assertPasswordStrength = (password: string, field = 'password'): void => {
  if (password.length < 12 || password.length > 256) throw new PasswordTooWeakError(field);
};

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ actor, data }: RegisterUserCommand): Promise<UserView> {
    assertPasswordStrength(data.password);
    // Hashing is slow by design: do it before the transaction opens.
    const passwordHash = await this.hasher.hash(data.password);
    return this.uow.run(actor, async () => {
      if (!(await this.organizations.get(data.organizationId))) throw new UnknownReferenceError('organizationId', data.organizationId);
      if (data.headId && !(await this.users.get(data.headId))) throw new UnknownReferenceError('headId', data.headId);
      if (await this.users.getByEmail(data.email)) throw new EmailAlreadyUsedError(data.email);
      const user = User.register(
        newId(),
        {
          fullName: data.fullName,
          email: data.email,
          organizationId: data.organizationId,
          position: data.position ?? null,
          headId: data.headId ?? null,
          roles: data.roles ?? [],
          locale: data.locale ?? DEFAULT_LOCALE,
          timezone: data.timezone ?? null,
          iin: data.iin ?? null,
        },
        passwordHash,
      );
      await this.users.save(user);
      return userView(user);
    });
  }
}
