export { DirectoryModule } from './directory.module.js';
export { DirectoryHttpModule } from './http/directory-http.module.js';
export { BootstrapAdmin, type FirstAdmin } from './application/bootstrap-admin.js';
export { DirectoryQueries, type RecipientView } from './application/queries/directory.queries.js';
export type { OrganizationView, UserView } from './application/directory.views.js';
export { CreateOrganizationCommand } from './application/create-organization/create-organization.command.js';
export { UpdateOrganizationCommand } from './application/update-organization/update-organization.command.js';
export { RegisterUserCommand, type RegisterUserData } from './application/register-user/register-user.command.js';
export { UpdateUserCommand } from './application/update-user/update-user.command.js';
export { ChangePasswordCommand } from './application/change-password/change-password.command.js';
export { RecordSubstitutionCommand } from './application/record-substitution/record-substitution.command.js';
export { EndSubstitutionCommand } from './application/end-substitution/end-substitution.command.js';
export { SubstitutionQueries } from './application/queries/substitution.queries.js';
export type { SubstitutionView } from './application/substitution.view.js';
export { ORGANIZATION_KINDS, type OrganizationKind } from './domain/organization.js';
import { Directory1764000000100 } from './infrastructure/1764000000100-directory.js';
import { EmailDigest1764000000900 } from './infrastructure/1764000000900-email-digest.js';
import { IdentificationNumbers1764000001310 } from './infrastructure/1764000001310-identification-numbers.js';
import { TokenGeneration1764000001410 } from './infrastructure/1764000001410-token-generation.js';
import { Substitutions1764000001420 } from './infrastructure/1764000001420-substitutions.js';
import { DirectoryPublishedViews1765000001200 } from './infrastructure/1765000001200-published-views.js';
export const directoryMigrations = [
  Directory1764000000100,
  EmailDigest1764000000900,
  IdentificationNumbers1764000001310,
  TokenGeneration1764000001410,
  Substitutions1764000001420,
  DirectoryPublishedViews1765000001200,
];
