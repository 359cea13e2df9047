import type { TaskDraft, WorkingGroupBasis, WorkingGroupFormation } from './groups.types.js';

/** Facts of working groups and meetings, as they stand in the journal (dates as ISO strings). */
export const GroupEvents = {
  WorkingGroupFormed: 'WorkingGroupFormed',
  MemberJoined: 'WorkingGroupMemberJoined',
  MemberLeft: 'WorkingGroupMemberLeft',
  WorkingGroupDisbanded: 'WorkingGroupDisbanded',
  MeetingScheduled: 'MeetingScheduled',
  MeetingHeld: 'MeetingHeld',
  DecisionRecorded: 'MeetingDecisionRecorded',
  ProtocolApproved: 'MeetingProtocolApproved',
} as const;

export interface ApprovedDecision {
  decisionId: string;
  number: number;
  text: string;
  formsWorkingGroup: WorkingGroupFormation | null;
  tasks: TaskDraft[];
}

/** What the protocol issuer saga needs to issue every task and form every group, on its own. */
export interface MeetingProtocolApprovedPayload {
  meetingId: string;
  approvedBy: string;
  approvedAt: string;
  /** The controller of drafts that name none: the approver when a controller, else the meeting's organizer. */
  controllerId: string;
  decisions: ApprovedDecision[];
}

export interface WorkingGroupFormedPayload {
  workingGroupId: string;
  name: string;
  mandate: string;
  basis: WorkingGroupBasis | null;
  chairId: string;
  secretaryId: string | null;
  memberIds: string[];
}
