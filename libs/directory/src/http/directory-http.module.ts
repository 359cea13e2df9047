import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory.module.js';
import { AuthController } from './auth.controller.js';
import { OrganizationsController } from './organizations.controller.js';
import { SubstitutionsController } from './substitutions.controller.js';
import { UsersController } from './users.controller.js';
import { registerDirectoryProblems } from './directory.problems.js';

registerDirectoryProblems();

/** The directory's controllers; only the API root imports this. */
@Module({
  imports: [DirectoryModule],
  controllers: [AuthController, OrganizationsController, UsersController, SubstitutionsController],
})
export class DirectoryHttpModule {}
