import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { WithdrawVersionCommand } from './withdraw-version.command.js';

@CommandHandler(WithdrawVersionCommand)
export class WithdrawVersionHandler implements ICommandHandler<WithdrawVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, expectedRevision }: WithdrawVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.withdraw(number, moment));
  }
}
