import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { OrganizationChanges } from '../../domain/organization.js';
import type { OrganizationView } from '../directory.views.js';

export class UpdateOrganizationCommand extends Command<OrganizationView> {
  constructor(
    readonly actor: Actor,
    readonly organizationId: string,
    readonly changes: OrganizationChanges,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
