import { WorkingGroupIssuers } from './application/working-group-issuers.js';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DirectoryModule } from '@kelisim/directory';
import { TasksModule } from '@kelisim/tasks';
import { AddMemberHandler } from './application/add-member/add-member.handler.js';
import { ApproveProtocolHandler } from './application/approve-protocol/approve-protocol.handler.js';
import { DisbandWorkingGroupHandler } from './application/disband-working-group/disband-working-group.handler.js';
import { FormWorkingGroupHandler } from './application/form-working-group/form-working-group.handler.js';
import { HoldMeetingHandler } from './application/hold-meeting/hold-meeting.handler.js';
import { MeetingChanges } from './application/meeting-changes.js';
import { ProtocolIssuer } from './application/protocol-issuer/protocol-issuer.saga.js';
import { GroupsQueries } from './application/queries/groups.queries.js';
import { RecordDecisionHandler } from './application/record-decision/record-decision.handler.js';
import { RemoveMemberHandler } from './application/remove-member/remove-member.handler.js';
import { ScheduleMeetingHandler } from './application/schedule-meeting/schedule-meeting.handler.js';
import { WorkingGroupChanges } from './application/working-group-changes.js';
import { GroupPeople, MeetingRepository, ProtocolLedger, WorkingGroupRepository } from './domain/groups.repositories.js';
import { DirectoryGroupPeople } from './infrastructure/directory-group-people.js';
import { SqlMeetingRepository } from './infrastructure/meeting.repository.js';
import { SqlProtocolLedger } from './infrastructure/sql-protocol-ledger.js';
import { SqlWorkingGroupRepository } from './infrastructure/working-group.repository.js';

/** Working groups and meetings: handlers, repositories, queries and the protocol issuer saga, for the API and the worker alike. */
@Module({
  imports: [CqrsModule, DirectoryModule, TasksModule],
  providers: [
    { provide: WorkingGroupRepository, useClass: SqlWorkingGroupRepository },
    { provide: MeetingRepository, useClass: SqlMeetingRepository },
    { provide: GroupPeople, useClass: DirectoryGroupPeople },
    { provide: ProtocolLedger, useClass: SqlProtocolLedger },
    WorkingGroupChanges,
    MeetingChanges,
    FormWorkingGroupHandler,
    AddMemberHandler,
    RemoveMemberHandler,
    DisbandWorkingGroupHandler,
    ScheduleMeetingHandler,
    HoldMeetingHandler,
    RecordDecisionHandler,
    ApproveProtocolHandler,
    ProtocolIssuer,
    GroupsQueries,
    WorkingGroupIssuers,
  ],
  exports: [GroupsQueries],
})
export class GroupsModule {}
