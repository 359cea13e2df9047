import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DnsWebhookTargets } from '@kelisim/notifications';
import { DirectoryQueries } from '@kelisim/directory';
import { newId, NotFoundError, ValidationError } from '@kelisim/kernel';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { Witness } from '../../domain/witness.js';
import { DeactivateWitnessCommand, RegisterWitnessCommand, type WitnessView } from './witness.commands.js';
import { WitnessQueries } from './witness-queries.js';

@CommandHandler(RegisterWitnessCommand)
export class RegisterWitnessHandler implements ICommandHandler<RegisterWitnessCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly targets: DnsWebhookTargets,
    private readonly directory: DirectoryQueries,
  ) {}

  async execute({ actor, witness }: RegisterWitnessCommand): Promise<WitnessView> {
    if ('userId' in witness) {
      const user = (await this.directory.recipients([witness.userId])).get(witness.userId);
      if (!user || !user.active || !user.email) throw new ValidationError('userId', 'userId must name an active user with an e-mail address');
      return this.uow.run(actor, async () => {
        const aggregate = Witness.registerEmail(newId(), witness);
        const createdAt = new Date();
        await saveAggregateRow(this.uow, 'witnesses', aggregate, { name: aggregate.state.name, kind: 'email', user_id: witness.userId, active: true, created_at: createdAt });
        return { id: aggregate.id, name: aggregate.state.name, kind: 'email', url: null, userId: witness.userId, active: true, createdAt: createdAt.toISOString(), lastAcknowledged: null };
      });
    }
    // The notification webhooks' rules (400 naming url); judged again at every delivery.
    await this.targets.check(witness.url);
    return this.uow.run(actor, async () => {
      const aggregate = Witness.register(newId(), witness);
      const createdAt = new Date();
      await saveAggregateRow(this.uow, 'witnesses', aggregate, {
        name: aggregate.state.name,
        kind: 'webhook',
        url: aggregate.state.url,
        secret: aggregate.state.secret,
        active: true,
        created_at: createdAt,
      });
      return { id: aggregate.id, name: aggregate.state.name, kind: 'webhook', url: witness.url, userId: null, active: true, createdAt: createdAt.toISOString(), lastAcknowledged: null };
    });
  }
}

@CommandHandler(DeactivateWitnessCommand)
export class DeactivateWitnessHandler implements ICommandHandler<DeactivateWitnessCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: WitnessQueries,
  ) {}

  async execute({ actor, witnessId }: DeactivateWitnessCommand): Promise<WitnessView> {
    return this.uow.run(actor, async () => {
      const [row] = (await this.uow.query('SELECT * FROM witnesses WHERE id = $1 FOR UPDATE', [witnessId])) as {
        id: string;
        version: number;
        name: string;
        kind: 'webhook' | 'email';
        url: string | null;
        secret: string | null;
        user_id: string | null;
        active: boolean;
      }[];
      if (!row) throw new NotFoundError('witness', witnessId);
      const aggregate = Witness.restore(row.id, row.version, { ...row, userId: row.user_id });
      aggregate.deactivate();
      await saveAggregateRow(this.uow, 'witnesses', aggregate, { active: false });
      const current = await this.queries.one(witnessId, this.uow);
      return { ...current, active: false };
    });
  }
}
