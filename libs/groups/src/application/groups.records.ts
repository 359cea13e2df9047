import type { AgendaItem, BasisType, MeetingStatus, MemberRole, TaskDraft, WorkingGroupFormation, WorkingGroupStatus } from '../domain/groups.types.js';

/**
 * The groups context's rows as pg returns them: one declaration per table, read by the repositories
 * (infrastructure/) and by GroupsQueries.
 */
export interface WorkingGroupRecord {
  id: string;
  name: string;
  mandate: string;
  basis_type: BasisType | null;
  basis_id: string | null;
  status: WorkingGroupStatus;
  formed_by: string;
  formed_at: Date;
  disbanded_at: Date | null;
  version: number;
}

export interface MemberRecord {
  id: string;
  working_group_id: string;
  user_id: string;
  role: MemberRole;
  joined_at: Date;
  left_at: Date | null;
}

export interface MeetingRecord {
  id: string;
  title: string;
  scheduled_at: Date;
  location: string | null;
  chair_id: string;
  participant_ids: string[];
  agenda: AgendaItem[];
  status: MeetingStatus;
  organizer_id: string;
  held_at: Date | null;
  protocol_approved_at: Date | null;
  protocol_approved_by: string | null;
  created_at: Date;
  version: number;
}

export interface DecisionRecord {
  id: string;
  meeting_id: string;
  number: number;
  text: string;
  forms_working_group: WorkingGroupFormation | null;
  task_drafts: TaskDraft[];
  recorded_by: string;
  recorded_at: Date;
}
