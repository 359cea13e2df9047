import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { SignVersionCommand } from './sign-version.command.js';

@CommandHandler(SignVersionCommand)
export class SignVersionHandler implements ICommandHandler<SignVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, textHash, onBehalfOf, expectedRevision }: SignVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.sign(number, textHash, onBehalfOf, moment), { retryConcurrent: true });
  }
}
