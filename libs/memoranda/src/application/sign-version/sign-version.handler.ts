import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SignatureVerification } from '@kelisim/eds';
import { Clock, InvalidTransitionError, newId } from '@kelisim/kernel';
import { DirectoryLookup } from '../../domain/memoranda.repositories.js';
import type { EdsSignature } from '../../domain/version.js';
import { MemorandumCommands } from '../memorandum-commands.js';
import type { MemorandumView } from '../memoranda.views.js';
import { MemorandaQueries } from '../queries/memoranda.queries.js';
import { SignVersionCommand } from './sign-version.command.js';

@CommandHandler(SignVersionCommand)
export class SignVersionHandler implements ICommandHandler<SignVersionCommand> {
  constructor(
    private readonly commands: MemorandumCommands,
    private readonly queries: MemorandaQueries,
    private readonly directory: DirectoryLookup,
    private readonly signatures: SignatureVerification,
    private readonly clock: Clock,
  ) {}

  async execute(command: SignVersionCommand): Promise<MemorandumView> {
    const { actor, memorandumId, number, textHash, onBehalfOf, expectedRevision } = command;
    // The ЭЦП is verified before the transaction (NCANode may take seconds); the aggregate then
    // checks again, under the row lock, that the text it was verified over is still the version's.
    const eds = await this.verifiedSignature(command);
    return this.commands.change(actor, memorandumId, expectedRevision, (m, moment) => m.sign(number, textHash, onBehalfOf, moment, eds), { retryConcurrent: true });
  }

  private async verifiedSignature({ actor, memorandumId, number, onBehalfOf, cms }: SignVersionCommand): Promise<EdsSignature | null> {
    if (cms === null && this.signatures.kind === 'click') return null;
    // Who may sign, and whether the version can be signed, come first (404, 403, 409): only a
    // signature that could count is verified, and a refused one leaves no trace.
    const memorandum = await this.queries.load(actor, memorandumId);
    const { party } = memorandum.signingParty(number, actor, onBehalfOf, this.clock.now());
    const content = await this.queries.storedPayload(memorandumId, number);
    if (!content) throw new InvalidTransitionError('version', memorandum.getVersion(number).status, 'sign');
    const { bin, iin } = await this.directory.identification(party, actor.userId);
    const verified = await this.signatures.check({ cms, content, bin, iin });
    if (!verified) return null;
    return {
      evidenceId: newId(),
      verifier: verified.verifier,
      cmsSha256: verified.cmsSha256,
      signer: verified.signer,
      timestampedAt: verified.timestampedAt,
      trustedAt: verified.trustedAt,
      textHash: verified.contentSha256,
      cms: verified.cms,
      verifiedAt: verified.verifiedAt,
      revocation: verified.revocation,
      verifierAnswer: verified.answer,
    };
  }
}
