import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { TerminateMemorandumCommand } from './terminate-memorandum.command.js';

@CommandHandler(TerminateMemorandumCommand)
export class TerminateMemorandumHandler implements ICommandHandler<TerminateMemorandumCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, reason, expectedRevision }: TerminateMemorandumCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.terminate(reason, moment));
  }
}
