import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CalendarModule, RemindersModule } from '@kelisim/deadlines';
import { DirectoryModule } from '@kelisim/directory';
import { EdsModule } from '@kelisim/eds';
import { NotificationsModule } from '@kelisim/notifications';
import { ApproveVersionHandler } from './application/approve-version/approve-version.handler.js';
import { ClearVersionHandler } from './application/clear-version/clear-version.handler.js';
import { CreateMemorandumHandler } from './application/create-memorandum/create-memorandum.handler.js';
import { DeclineVersionHandler } from './application/decline-version/decline-version.handler.js';
import { ExportVersionHandler } from './application/export-version/export-version.handler.js';
import { ArchiveWriter, VersionDocumentRenderer } from './application/export-version/version-document.js';
import { JszipArchiveWriter } from './infrastructure/jszip-archive-writer.js';
import { EditClausesHandler } from './application/edit-clauses/edit-clauses.handler.js';
import { MemorandumCommands } from './application/memorandum-commands.js';
import { OpenAmendmentHandler } from './application/open-amendment/open-amendment.handler.js';
import { MemorandaQueries } from './application/queries/memoranda.queries.js';
import { RejectVersionHandler } from './application/reject-version/reject-version.handler.js';
import { ReturnVersionHandler } from './application/return-version/return-version.handler.js';
import { SignVersionHandler } from './application/sign-version/sign-version.handler.js';
import { SubmitVersionHandler } from './application/submit-version/submit-version.handler.js';
import { TerminateMemorandumHandler } from './application/terminate-memorandum/terminate-memorandum.handler.js';
import { WithdrawVersionHandler } from './application/withdraw-version/withdraw-version.handler.js';
import { DirectoryLookup, MemorandumRepository } from './domain/memoranda.repositories.js';
import { StageCalendarSource } from './domain/stage-calendar.js';
import { DirectoryQueriesLookup } from './infrastructure/directory-lookup.js';
import { PdfmakeDocxRenderer } from './infrastructure/version-document.renderer.js';
import { SqlMemorandumRepository } from './infrastructure/memorandum.repository.js';
import { WorkingDayStageCalendarSource } from './infrastructure/working-day-stage-calendar.js';
import { MemorandumDeadlines } from './application/memorandum-deadlines.js';

/** Memoranda: handlers, repositories and queries, for the API and the worker alike (no controllers). */
@Module({
  imports: [CqrsModule, EdsModule, CalendarModule, RemindersModule, DirectoryModule, NotificationsModule],
  providers: [
    { provide: MemorandumRepository, useClass: SqlMemorandumRepository },
    { provide: DirectoryLookup, useClass: DirectoryQueriesLookup },
    { provide: StageCalendarSource, useClass: WorkingDayStageCalendarSource },
    MemorandumDeadlines,
    MemorandumCommands,
    { provide: VersionDocumentRenderer, useClass: PdfmakeDocxRenderer },
    { provide: ArchiveWriter, useClass: JszipArchiveWriter },
    MemorandaQueries,
    ExportVersionHandler,
    CreateMemorandumHandler,
    EditClausesHandler,
    SubmitVersionHandler,
    ReturnVersionHandler,
    ClearVersionHandler,
    ApproveVersionHandler,
    RejectVersionHandler,
    SignVersionHandler,
    DeclineVersionHandler,
    WithdrawVersionHandler,
    OpenAmendmentHandler,
    TerminateMemorandumHandler,
  ],
  exports: [MemorandaQueries, ExportVersionHandler, EdsModule],
})
export class MemorandaModule {}
