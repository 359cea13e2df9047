import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SYSTEM_ACTOR } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { UserRepository } from '../domain/directory.repositories.js';
import { CreateOrganizationCommand } from './create-organization/create-organization.command.js';
import { RegisterUserCommand } from './register-user/register-user.command.js';

export interface FirstAdmin {
  email?: string;
  password?: string;
  organizationName: string;
}

/**
 * When the database has no user yet, creates the root organization (an akimat) and the first admin
 * from KELISIM_ADMIN_EMAIL / KELISIM_ADMIN_PASSWORD. A transaction-scoped advisory lock keeps
 * replicas that start together from doing it twice.
 */
@Injectable()
export class BootstrapAdmin {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly commands: CommandBus,
  ) {}

  async run(admin: FirstAdmin): Promise<'created' | 'exists' | 'not-configured'> {
    if (!admin.email || !admin.password) {
      if ((await this.users.count()) === 0) {
        this.logger.warn('No user exists yet: set KELISIM_ADMIN_EMAIL and KELISIM_ADMIN_PASSWORD to create the first admin.');
      }
      return 'not-configured';
    }
    return this.uow.run(SYSTEM_ACTOR, async () => {
      await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext('kelisim.bootstrap-admin'))`);
      if ((await this.users.count()) > 0) return 'exists';
      const organization = await this.commands.execute(
        new CreateOrganizationCommand(SYSTEM_ACTOR, { name: admin.organizationName, kind: 'akimat' }),
      );
      await this.commands.execute(
        new RegisterUserCommand(SYSTEM_ACTOR, {
          fullName: 'Administrator',
          email: admin.email!,
          organizationId: organization.id,
          roles: ['admin'],
          password: admin.password!,
        }),
      );
      this.logger.log(`Created the first admin ${admin.email}.`);
      return 'created';
    });
  }
}
