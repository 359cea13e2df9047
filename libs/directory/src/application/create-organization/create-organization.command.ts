import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { OrganizationKind } from '../../domain/organization.js';
import type { OrganizationView } from '../directory.views.js';

export class CreateOrganizationCommand extends Command<OrganizationView> {
  constructor(
    readonly actor: Actor,
    readonly data: { name: string; shortName?: string; kind: OrganizationKind; parentId?: string; timezone?: string; bin?: string },
  ) {
    super();
  }
}
