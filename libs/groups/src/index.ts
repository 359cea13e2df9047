export { GroupsModule } from './groups.module.js';
export { GroupsHttpModule } from './http/groups-http.module.js';
export { GroupsQueries, type WorkingGroupFilter, type MeetingFilter, type MeetingSummaryView } from './application/queries/groups.queries.js';
export type { WorkingGroupView, WorkingGroupDetailView, MeetingView, DecisionView, MembershipView, TaskRollUp } from './application/groups.views.js';
export { FormWorkingGroupCommand, type FormWorkingGroupData } from './application/form-working-group/form-working-group.command.js';
export { AddMemberCommand } from './application/add-member/add-member.command.js';
export { RemoveMemberCommand } from './application/remove-member/remove-member.command.js';
export { DisbandWorkingGroupCommand } from './application/disband-working-group/disband-working-group.command.js';
export { ScheduleMeetingCommand, type ScheduleMeetingData } from './application/schedule-meeting/schedule-meeting.command.js';
export { HoldMeetingCommand } from './application/hold-meeting/hold-meeting.command.js';
export { RecordDecisionCommand } from './application/record-decision/record-decision.command.js';
export { ApproveProtocolCommand } from './application/approve-protocol/approve-protocol.command.js';
export { GroupEvents, type MeetingProtocolApprovedPayload, type WorkingGroupFormedPayload } from './domain/groups.events.js';
export {
  BASIS_TYPES,
  MEETING_STATUSES,
  MEMBER_ROLES,
  WORKING_GROUP_STATUSES,
  type MeetingStatus,
  type MemberRole,
  type WorkingGroupBasis,
  type WorkingGroupStatus,
} from './domain/groups.types.js';
import { Groups1764000000700 } from './infrastructure/1764000000700-groups.js';
export const groupsMigrations = [Groups1764000000700];
