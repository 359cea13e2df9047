import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { ReferenceCycleError, UnknownReferenceError } from '../../domain/directory.errors.js';
import { OrganizationRepository } from '../../domain/directory.repositories.js';
import { organizationView, type OrganizationView } from '../directory.views.js';
import { UpdateOrganizationCommand } from './update-organization.command.js';

@CommandHandler(UpdateOrganizationCommand)
export class UpdateOrganizationHandler implements ICommandHandler<UpdateOrganizationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organizations: OrganizationRepository,
  ) {}

  execute({ actor, organizationId, changes, expectedRevision }: UpdateOrganizationCommand): Promise<OrganizationView> {
    return this.uow.run(actor, async () => {
      const organization = await this.organizations.get(organizationId);
      if (!organization) throw new NotFoundError('organization', organizationId);
      organization.assertRevision(expectedRevision);
      const parentId = changes.parentId;
      if (parentId) {
        if (!(await this.organizations.get(parentId))) throw new UnknownReferenceError('parentId', parentId);
        if ((await this.organizations.ancestors(parentId)).includes(organizationId)) throw new ReferenceCycleError('parentId');
      }
      organization.update(changes);
      await this.organizations.save(organization);
      return organizationView(organization);
    });
  }
}
