import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ActorResolver } from '@kelisim/auth';
import { BootstrapAdmin } from './application/bootstrap-admin.js';
import { ChangePasswordHandler } from './application/change-password/change-password.handler.js';
import { CreateOrganizationHandler } from './application/create-organization/create-organization.handler.js';
import { LogIn } from './application/log-in/log-in.js';
import { DirectoryQueries } from './application/queries/directory.queries.js';
import { RegisterUserHandler } from './application/register-user/register-user.handler.js';
import { UpdateOrganizationHandler } from './application/update-organization/update-organization.handler.js';
import { UpdateUserHandler } from './application/update-user/update-user.handler.js';
import { EndSubstitutionHandler } from './application/end-substitution/end-substitution.handler.js';
import { SubstitutionQueries } from './application/queries/substitution.queries.js';
import { RecordSubstitutionHandler } from './application/record-substitution/record-substitution.handler.js';
import { OrganizationRepository, PasswordHasher, SubstitutionRepository, UserRepository } from './domain/directory.repositories.js';
import { Argon2PasswordHasher } from './infrastructure/argon2-password-hasher.js';
import { DirectoryActorResolver } from './infrastructure/directory-actor-resolver.js';
import { SqlOrganizationRepository } from './infrastructure/organization.repository.js';
import { SqlUserRepository } from './infrastructure/user.repository.js';
import { SqlSubstitutionRepository } from './infrastructure/substitution.repository.js';

/** Organizations and users: the handlers and queries, for the API and the worker alike. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: OrganizationRepository, useClass: SqlOrganizationRepository },
    { provide: UserRepository, useClass: SqlUserRepository },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: SubstitutionRepository, useClass: SqlSubstitutionRepository },
    DirectoryActorResolver,
    { provide: ActorResolver, useExisting: DirectoryActorResolver },
    CreateOrganizationHandler,
    UpdateOrganizationHandler,
    RegisterUserHandler,
    UpdateUserHandler,
    ChangePasswordHandler,
    RecordSubstitutionHandler,
    EndSubstitutionHandler,
    DirectoryQueries,
    SubstitutionQueries,
    LogIn,
    BootstrapAdmin,
  ],
  exports: [ActorResolver, DirectoryQueries, SubstitutionQueries, BootstrapAdmin, LogIn],
})
export class DirectoryModule {}
