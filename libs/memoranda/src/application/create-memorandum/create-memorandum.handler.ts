import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { Memorandum } from '../../domain/memorandum.js';
import { DirectoryLookup } from '../../domain/memoranda.repositories.js';
import { MemorandumCommands } from '../memorandum-commands.js';
import { memorandumView, type MemorandumView } from '../memoranda.views.js';
import { CreateMemorandumCommand } from './create-memorandum.command.js';

@CommandHandler(CreateMemorandumCommand)
export class CreateMemorandumHandler implements ICommandHandler<CreateMemorandumCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: DirectoryLookup,
    private readonly commands: MemorandumCommands,
  ) {}

  async execute({ actor, data }: CreateMemorandumCommand): Promise<MemorandumView> {
    const facts = await this.directory.facts(
      data.reviewerOrganizationId,
      data.parties.map((p) => p.signatoryId),
    );
    return this.uow.run(actor, async () => {
      const memorandum = Memorandum.create(newId(), data, facts, await this.commands.moment(actor));
      await this.commands.save(memorandum);
      return memorandumView(memorandum.id, memorandum.version, memorandum.state);
    });
  }
}
