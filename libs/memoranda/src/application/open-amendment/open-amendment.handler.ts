import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { OpenAmendmentCommand } from './open-amendment.command.js';

@CommandHandler(OpenAmendmentCommand)
export class OpenAmendmentHandler implements ICommandHandler<OpenAmendmentCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, reason, expectedRevision }: OpenAmendmentCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.openAmendment(reason, moment));
  }
}
