import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { SubmitVersionCommand } from './submit-version.command.js';

@CommandHandler(SubmitVersionCommand)
export class SubmitVersionHandler implements ICommandHandler<SubmitVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, expectedRevision }: SubmitVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.submit(number, moment));
  }
}
