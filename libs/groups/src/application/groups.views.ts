import type { TaskTally, TaskView } from '@kelisim/tasks';
import type { Meeting } from '../domain/meeting.js';
import type { AgendaItem, Decision, MeetingStatus, MemberRole, TaskDraft, WorkingGroupBasis, WorkingGroupFormation, WorkingGroupStatus } from '../domain/groups.types.js';
import type { WorkingGroup } from '../domain/working-group.js';

export interface MembershipView {
  userId: string;
  role: MemberRole;
  joinedAt: string;
  leftAt: string | null;
}

/** How far the tasks of a source (a decision, a working group) have come, counting those the reader may open. */
export type TaskRollUp = TaskTally;

export interface WorkingGroupView {
  id: string;
  name: string;
  mandate: string;
  basis: WorkingGroupBasis | null;
  status: WorkingGroupStatus;
  chairId: string;
  secretaryId: string | null;
  /** Current members (chair and secretary included). */
  members: MembershipView[];
  /** Every membership, current and past: who joined and left, as what, and when. */
  history: MembershipView[];
  formedBy: string;
  formedAt: string;
  disbandedAt: string | null;
  revision: number;
}

/** GET /working-groups/{id}: the group with the tasks whose source is the group and the reader may open. */
export interface WorkingGroupDetailView extends WorkingGroupView {
  tasks: TaskRollUp & { items: TaskView[] };
}

export interface DecisionView {
  id: string;
  number: number;
  text: string;
  formsWorkingGroup: { workingGroupId: string; name: string; mandate: string; chairId: string; secretaryId: string | null; memberIds: string[] } | null;
  tasks: TaskDraft[];
  recordedBy: string;
  recordedAt: string;
  /** On GET /meetings/{id}: the tasks the approved protocol issued from this decision. */
  rollUp?: TaskRollUp;
}

export interface MeetingView {
  id: string;
  title: string;
  scheduledAt: string;
  location: string | null;
  chairId: string;
  participantIds: string[];
  agenda: AgendaItem[];
  status: MeetingStatus;
  organizerId: string;
  heldAt: string | null;
  protocolApprovedAt: string | null;
  protocolApprovedBy: string | null;
  decisions: DecisionView[];
  revision: number;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function workingGroupView(group: WorkingGroup): WorkingGroupView {
  const s = group.state;
  const membership = (m: WorkingGroup['history'][number]): MembershipView => ({
    userId: m.userId,
    role: m.role,
    joinedAt: m.joinedAt.toISOString(),
    leftAt: iso(m.leftAt),
  });
  return {
    id: group.id,
    name: s.name,
    mandate: s.mandate,
    basis: s.basis,
    status: s.status,
    chairId: group.chairId,
    secretaryId: group.secretaryId,
    members: group.members.map(membership),
    history: group.history.map(membership),
    formedBy: s.formedBy,
    formedAt: s.formedAt.toISOString(),
    disbandedAt: iso(s.disbandedAt),
    revision: group.version,
  };
}

/** The working group a decision forms, as views show it. */
export function formationView(f: WorkingGroupFormation | null): DecisionView['formsWorkingGroup'] {
  return f && { workingGroupId: f.groupId, name: f.name, mandate: f.mandate, chairId: f.chairId, secretaryId: f.secretaryId, memberIds: f.memberIds };
}

export function decisionView(d: Decision): DecisionView {
  return {
    id: d.id,
    number: d.number,
    text: d.text,
    formsWorkingGroup: formationView(d.formsWorkingGroup),
    tasks: d.tasks,
    recordedBy: d.recordedBy,
    recordedAt: d.recordedAt.toISOString(),
  };
}

export function meetingView(meeting: Meeting): MeetingView {
  const s = meeting.state;
  return {
    id: meeting.id,
    title: s.title,
    scheduledAt: s.scheduledAt.toISOString(),
    location: s.location,
    chairId: s.chairId,
    participantIds: [...s.participantIds],
    agenda: s.agenda.map((item) => ({ ...item })),
    status: s.status,
    organizerId: s.organizerId,
    heldAt: iso(s.heldAt),
    protocolApprovedAt: iso(s.protocolApprovedAt),
    protocolApprovedBy: s.protocolApprovedBy,
    decisions: meeting.decisions.map(decisionView),
    revision: meeting.version,
  };
}
