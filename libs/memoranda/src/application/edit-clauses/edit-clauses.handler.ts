import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { EditClausesCommand } from './edit-clauses.command.js';

@CommandHandler(EditClausesCommand)
export class EditClausesHandler implements ICommandHandler<EditClausesCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, clauses, expectedRevision }: EditClausesCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.editClauses(number, clauses, moment));
  }
}
