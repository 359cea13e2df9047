import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { ApproveVersionCommand } from './approve-version.command.js';

@CommandHandler(ApproveVersionCommand)
export class ApproveVersionHandler implements ICommandHandler<ApproveVersionCommand> {
  constructor(private readonly commands: MemorandumCommands) {}

  execute({ actor, memorandumId, number, comment, onBehalfOf, expectedRevision }: ApproveVersionCommand): Promise<MemorandumView> {
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.approve(number, comment, onBehalfOf, moment), { retryConcurrent: true });
  }
}
