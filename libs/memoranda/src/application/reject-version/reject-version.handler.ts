import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { RejectVersionCommand } from './reject-version.command.js';

@CommandHandler(RejectVersionCommand)
export class RejectVersionHandler implements ICommandHandler<RejectVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, reason, onBehalfOf, expectedRevision }: RejectVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.reject(number, reason, onBehalfOf, moment));
  }
}
