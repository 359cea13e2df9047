import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { SubstitutionRepository, UserRepository } from '../../domain/directory.repositories.js';
import { Substitution } from '../../domain/substitution.js';
import { substitutionView, type SubstitutionView } from '../substitution.view.js';
import { RecordSubstitutionCommand } from './record-substitution.command.js';

@CommandHandler(RecordSubstitutionCommand)
export class RecordSubstitutionHandler implements ICommandHandler<RecordSubstitutionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly substitutions: SubstitutionRepository,
    private readonly clock: Clock,
  ) {}

  execute({ actor, data }: RecordSubstitutionCommand): Promise<SubstitutionView> {
    return this.uow.run(actor, async () => {
      await this.substitutions.lockPrincipal(data.principalId);
      const person = async (id: string) => {
        const user = await this.users.get(id);
        return user ? { organizationId: user.state.organizationId, active: user.state.active } : null;
      };
      const facts = {
        principal: await person(data.principalId),
        deputy: data.deputyId === data.principalId ? null : await person(data.deputyId),
        principalHeads: await this.users.heads(data.principalId),
        overlapping: Number.isNaN(data.from.getTime()) || Number.isNaN(data.to.getTime()) ? [] : await this.substitutions.overlapping(data.principalId, data.from, data.to),
      };
      const now = this.clock.now();
      const substitution = Substitution.record(newId(), data, facts, actor, now);
      await this.substitutions.save(substitution);
      return substitutionView(substitution, now);
    });
  }
}
