import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { SubstitutionRepository, UserRepository } from '../../domain/directory.repositories.js';
import { Substitution } from '../../domain/substitution.js';
import { substitutionView, type SubstitutionView } from '../substitution.view.js';
import { EndSubstitutionCommand } from './end-substitution.command.js';

@CommandHandler(EndSubstitutionCommand)
export class EndSubstitutionHandler implements ICommandHandler<EndSubstitutionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly substitutions: SubstitutionRepository,
    private readonly clock: Clock,
  ) {}

  execute({ actor, substitutionId, expectedRevision }: EndSubstitutionCommand): Promise<SubstitutionView> {
    return this.uow.run(actor, async () => {
      const substitution = await this.substitutions.get(substitutionId);
      const heads = substitution ? await this.users.heads(substitution.state.principalId) : [];
      // Someone who may not see it learns nothing of it: 404, as for an unknown id.
      if (!substitution || !(Substitution.mayManage(actor, substitution.state.organizationId, heads, substitution.state.principalId, true) || actor.userId === substitution.state.deputyId)) {
        throw new NotFoundError('substitution', substitutionId);
      }
      substitution.assertRevision(expectedRevision);
      const now = this.clock.now();
      substitution.end(actor, heads, now);
      await this.substitutions.save(substitution);
      return substitutionView(substitution, now);
    });
  }
}
