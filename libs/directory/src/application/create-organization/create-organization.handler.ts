import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { UnknownReferenceError } from '../../domain/directory.errors.js';
import { OrganizationRepository } from '../../domain/directory.repositories.js';
import { Organization } from '../../domain/organization.js';
import { organizationView, type OrganizationView } from '../directory.views.js';
import { CreateOrganizationCommand } from './create-organization.command.js';

@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organizations: OrganizationRepository,
  ) {}

  execute({ actor, data }: CreateOrganizationCommand): Promise<OrganizationView> {
    return this.uow.run(actor, async () => {
      if (data.parentId && !(await this.organizations.get(data.parentId))) throw new UnknownReferenceError('parentId', data.parentId);
      const organization = Organization.create(newId(), {
        name: data.name,
        shortName: data.shortName ?? null,
        kind: data.kind,
        parentId: data.parentId ?? null,
        timezone: data.timezone,
        bin: data.bin ?? null,
      });
      await this.organizations.save(organization);
      return organizationView(organization);
    });
  }
}
