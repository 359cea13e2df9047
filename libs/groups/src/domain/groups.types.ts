export const WORKING_GROUP_STATUSES = ['active', 'disbanded'] as const;
export type WorkingGroupStatus = (typeof WORKING_GROUP_STATUSES)[number];

export const MEMBER_ROLES = ['chair', 'secretary', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const BASIS_TYPES = ['meeting', 'meeting_decision', 'memorandum'] as const;
export type BasisType = (typeof BASIS_TYPES)[number];
/** What a working group was formed on: a meeting, one of its decisions, or a memorandum. */
export interface WorkingGroupBasis {
  type: BasisType;
  id: string;
}

export const MEETING_STATUSES = ['planned', 'held', 'protocol_approved'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface AgendaItem {
  title: string;
  speakerId: string | null;
}

/**
 * A task as a decision drafts it, shaped like a POST /tasks body; it becomes one task (or a group
 * of instances) when the protocol is approved. Dates are ISO strings: drafts travel in events.
 */
export interface TaskDraft {
  title: string;
  description?: string;
  executorId?: string;
  executorIds?: string[];
  coExecutorIds?: string[];
  controllerId?: string;
  dueAt?: string;
  dueInWorkingDays?: number;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
}

/** The working group a decision forms; `groupId` is chosen when the decision is recorded. */
export interface WorkingGroupFormation {
  groupId: string;
  name: string;
  mandate: string;
  chairId: string;
  secretaryId: string | null;
  memberIds: string[];
}

export interface Decision {
  id: string;
  number: number;
  text: string;
  formsWorkingGroup: WorkingGroupFormation | null;
  tasks: TaskDraft[];
  recordedBy: string;
  recordedAt: Date;
}

/** Text and list limits of the SPEC; the HTTP layer checks them too, the aggregates are the last word. */
export const GROUP_LIMITS = {
  name: 500,
  mandate: 4_000,
  title: 500,
  location: 500,
  decisionText: 20_000,
  agendaItems: 100,
  participants: 1_000,
  members: 500,
  decisions: 500,
  taskDrafts: 50,
} as const;
