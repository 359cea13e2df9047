import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { DeclineVersionCommand } from './decline-version.command.js';

@CommandHandler(DeclineVersionCommand)
export class DeclineVersionHandler implements ICommandHandler<DeclineVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, reason, onBehalfOf, expectedRevision }: DeclineVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.decline(number, reason, onBehalfOf, moment));
  }
}
