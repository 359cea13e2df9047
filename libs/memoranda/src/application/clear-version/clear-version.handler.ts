import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { ClearVersionCommand } from './clear-version.command.js';

@CommandHandler(ClearVersionCommand)
export class ClearVersionHandler implements ICommandHandler<ClearVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, comment, expectedRevision }: ClearVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.clear(number, comment, moment));
  }
}
