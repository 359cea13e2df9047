import { createHash } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedActor, CurrentActor, Roles } from '@kelisim/auth';
import { SignatureVerification } from '@kelisim/eds';
import { IfMatch, pageLimit, uuidParam } from '@kelisim/http';
import { ValidationError } from '@kelisim/kernel';
import type { Page } from '@kelisim/persistence';
import { ApproveVersionCommand } from '../application/approve-version/approve-version.command.js';
import { ClearVersionCommand } from '../application/clear-version/clear-version.command.js';
import { CreateMemorandumCommand } from '../application/create-memorandum/create-memorandum.command.js';
import { DeclineVersionCommand } from '../application/decline-version/decline-version.command.js';
import { ExportVersionHandler } from '../application/export-version/export-version.handler.js';
import { ExportVersionQuery } from '../application/export-version/export-version.query.js';
import { EditClausesCommand } from '../application/edit-clauses/edit-clauses.command.js';
import type { DiffView, MemorandumView, VersionView } from '../application/memoranda.views.js';
import { OpenAmendmentCommand } from '../application/open-amendment/open-amendment.command.js';
import { MemorandaQueries } from '../application/queries/memoranda.queries.js';
import { RejectVersionCommand } from '../application/reject-version/reject-version.command.js';
import { ReturnVersionCommand } from '../application/return-version/return-version.command.js';
import { SignVersionCommand } from '../application/sign-version/sign-version.command.js';
import { SubmitVersionCommand } from '../application/submit-version/submit-version.command.js';
import { TerminateMemorandumCommand } from '../application/terminate-memorandum/terminate-memorandum.command.js';
import { WithdrawVersionCommand } from '../application/withdraw-version/withdraw-version.command.js';
import {
  ApproveVersionRequest,
  ClearVersionRequest,
  CreateMemorandumRequest,
  DiffRequest,
  EditClausesRequest,
  ExportVersionRequest,
  ListMemorandaRequest,
  ReasonedPartyActionRequest,
  ReasonRequest,
  ReturnVersionRequest,
  SignVersionRequest,
} from './memoranda.requests.js';
import { SigningPayloadResponse } from './memoranda.responses.js';

const versionParam = () => new ParseIntPipe({ exceptionFactory: () => new ValidationError('n', 'n must be a version number') });

/** Who may act is decided by the memorandum itself (party, reviewer's prosecutor, signatory); roles only where the SPEC names one. */
@ApiTags('memoranda')
@ApiBearerAuth()
@Controller('memoranda')
export class MemorandaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: MemorandaQueries,
    private readonly exporter: ExportVersionHandler,
    private readonly signatures: SignatureVerification,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a memorandum' })
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateMemorandumRequest): Promise<MemorandumView> {
    return this.commands.execute(
      new CreateMemorandumCommand(actor, {
        title: body.title,
        purpose: body.purpose ?? null,
        reviewerOrganizationId: body.reviewerOrganizationId,
        parties: body.parties.map((p) => ({ organizationId: p.organizationId, signatoryId: p.signatoryId })),
        clauses: body.clauses.map((c) => c.text),
        deadlines: body.deadlines,
      }),
    );
  }

  @Get()
  @ApiOperation({ summary: 'List memoranda' })
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListMemorandaRequest): Promise<Page<MemorandumView>> {
    return this.queries.list(actor, { status: query.status, waitingForMe: query.waitingForMe === 'true', cursor: query.cursor, limit: pageLimit(query) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a memorandum' })
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string): Promise<MemorandumView> {
    return this.queries.memorandum(actor, id);
  }

  @Get(':id/versions/:n')
  @ApiOperation({ summary: 'Read a version' })
  version(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string, @Param('n', versionParam()) n: number): Promise<VersionView> {
    return this.queries.version(actor, id, n);
  }

  @Get(':id/versions/:n/diff')
  @ApiOperation({ summary: 'Compare two versions clause by clause' })
  diff(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Query() query: DiffRequest,
  ): Promise<DiffView> {
    return this.queries.diff(actor, id, n, query.against);
  }

  @Get(':id/versions/:n/export')
  @ApiOperation({ summary: 'Export a version (PDF, DOCX or ZIP)' })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip')
  async export(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Query() query: ExportVersionRequest,
  ): Promise<StreamableFile> {
    const file = await this.exporter.execute(new ExportVersionQuery(actor, id, n, query.format, query.lang ?? null));
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.filename}"`, length: file.body.length });
  }

  /** The bytes an ЭЦП signs (the version's text as frozen), and what `sign` expects here. */
  @Get(':id/versions/:n/signing-payload')
  @ApiOperation({ summary: 'Read the bytes an ЭЦП signs' })
  @ApiOkResponse({ type: SigningPayloadResponse })
  async signingPayload(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
  ): Promise<SigningPayloadResponse> {
    const { payload, textHash } = await this.queries.signingPayload(actor, id, n);
    return { payloadB64: payload.toString('base64'), sha256: createHash('sha256').update(payload).digest('hex'), textHash, signatureKind: this.signatures.kind };
  }

  @Put(':id/versions/:n/clauses')
  @ApiOperation({ summary: 'Edit the clauses of a draft' })
  editClauses(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: EditClausesRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    return this.commands.execute(new EditClausesCommand(actor, id, n, body.clauses.map((c) => c.text), revision));
  }

  @Post(':id/versions/:n/submit')
  @ApiOperation({ summary: 'Submit a version for review' })
  @HttpCode(200)
  submit(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string, @Param('n', versionParam()) n: number, @IfMatch() revision?: number): Promise<MemorandumView> {
    return this.commands.execute(new SubmitVersionCommand(actor, id, n, revision));
  }

  @Post(':id/versions/:n/return')
  @ApiOperation({ summary: 'Return a version with remarks' })
  @HttpCode(200)
  return(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: ReturnVersionRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    return this.commands.execute(new ReturnVersionCommand(actor, id, n, body.remarks.map((r) => ({ clause: r.clause, text: r.text })), revision));
  }

  @Post(':id/versions/:n/clear')
  @ApiOperation({ summary: 'Clear a version for approval' })
  @HttpCode(200)
  clear(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: ClearVersionRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    return this.commands.execute(new ClearVersionCommand(actor, id, n, body.comment ?? null, revision));
  }

  @Post(':id/versions/:n/approve')
  @ApiOperation({ summary: 'Approve a version for a party' })
  @HttpCode(200)
  approve(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: ApproveVersionRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    return this.commands.execute(new ApproveVersionCommand(actor, id, n, body.comment ?? null, body.onBehalfOf ?? null, revision));
  }

  @Post(':id/versions/:n/reject')
  @ApiOperation({ summary: 'Reject a version for a party' })
  @HttpCode(200)
  reject(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: ReasonedPartyActionRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    return this.commands.execute(new RejectVersionCommand(actor, id, n, body.reason, body.onBehalfOf ?? null, revision));
  }

  @Post(':id/versions/:n/sign')
  @ApiOperation({ summary: 'Sign a version for a party' })
  @HttpCode(200)
  sign(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: SignVersionRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    const cms = body.signature?.cms === undefined ? null : Buffer.from(body.signature.cms, 'base64');
    return this.commands.execute(new SignVersionCommand(actor, id, n, body.signature?.textHash ?? null, body.onBehalfOf ?? null, revision, cms));
  }

  @Post(':id/versions/:n/decline')
  @ApiOperation({ summary: 'Decline to sign a version' })
  @HttpCode(200)
  decline(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', uuidParam('id')) id: string,
    @Param('n', versionParam()) n: number,
    @Body() body: ReasonedPartyActionRequest,
    @IfMatch() revision?: number,
  ): Promise<MemorandumView> {
    return this.commands.execute(new DeclineVersionCommand(actor, id, n, body.reason, body.onBehalfOf ?? null, revision));
  }

  @Post(':id/versions/:n/withdraw')
  @ApiOperation({ summary: 'Withdraw a version' })
  @HttpCode(200)
  withdraw(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string, @Param('n', versionParam()) n: number, @IfMatch() revision?: number): Promise<MemorandumView> {
    return this.commands.execute(new WithdrawVersionCommand(actor, id, n, revision));
  }

  @Post(':id/amendments')
  @ApiOperation({ summary: 'Open an amendment' })
  amend(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string, @Body() body: ReasonRequest, @IfMatch() revision?: number): Promise<MemorandumView> {
    return this.commands.execute(new OpenAmendmentCommand(actor, id, body.reason, revision));
  }

  @Roles('controller')
  @Post(':id/terminate')
  @ApiOperation({ summary: 'Terminate a memorandum' })
  @HttpCode(200)
  terminate(@CurrentActor() actor: AuthenticatedActor, @Param('id', uuidParam('id')) id: string, @Body() body: ReasonRequest, @IfMatch() revision?: number): Promise<MemorandumView> {
    return this.commands.execute(new TerminateMemorandumCommand(actor, id, body.reason, revision));
  }
}
