import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { ReturnVersionCommand } from './return-version.command.js';

@CommandHandler(ReturnVersionCommand)
export class ReturnVersionHandler implements ICommandHandler<ReturnVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, remarks, expectedRevision }: ReturnVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.return(number, remarks, moment));
  }
}
