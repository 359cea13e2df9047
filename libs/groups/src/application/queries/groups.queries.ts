import { Injectable } from '@nestjs/common';
import { type Actor, hasRole, NotFoundError } from '@kelisim/kernel';
import { decodeCursor, type Page, sqlConditions, toPage, UnitOfWork } from '@kelisim/persistence';
import { TasksQueries, type TaskSource, type TaskView } from '@kelisim/tasks';
import type { MeetingStatus, WorkingGroupStatus } from '../../domain/groups.types.js';
import type { DecisionRecord, MeetingRecord, MemberRecord, WorkingGroupRecord } from '../groups.records.js';
import { formationView, type MeetingView, type MembershipView, type TaskRollUp, type WorkingGroupDetailView, type WorkingGroupView } from '../groups.views.js';

export interface WorkingGroupFilter {
  status?: WorkingGroupStatus;
  /** Groups this user is a current member of. */
  memberId?: string;
  limit: number;
  cursor?: string;
}

export interface MeetingFilter {
  status?: MeetingStatus;
  limit: number;
  cursor?: string;
}

/** A meeting as lists show it: without its decisions. */
export type MeetingSummaryView = Omit<MeetingView, 'decisions'> & { decisionCount: number };

/** The member columns the lists read. */
type MemberRow = Omit<MemberRecord, 'id'>;

type MeetingRow = MeetingRecord & { decision_count: number };

const PAGE = 200;
const iso = (value: Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** Reads skip the domain; the tasks' progress comes from the tasks context's own queries. */
@Injectable()
export class GroupsQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TasksQueries,
  ) {}

  async workingGroups(filter: WorkingGroupFilter): Promise<Page<WorkingGroupView>> {
    const { add, param, params, clause } = sqlConditions();
    if (filter.status) add('g.status = ?', filter.status);
    if (filter.memberId) add('EXISTS (SELECT 1 FROM working_group_members m WHERE m.working_group_id = g.id AND m.user_id = ? AND m.left_at IS NULL)', filter.memberId);
    const after = decodeCursor(filter.cursor, 'text');
    if (after) add('(g.name, g.id) > (?, ?::uuid)', after.k, after.id);

    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(`SELECT g.* FROM working_groups g ${clause()} ORDER BY g.name, g.id LIMIT ${limit}`, params)) as WorkingGroupRecord[];
    const members = await this.membersOf(rows.slice(0, filter.limit).map((r) => r.id));
    return toPage(rows, filter.limit, (r) => ({ k: r.name, id: r.id }), (r) => groupView(r, members.get(r.id) ?? []));
  }

  /**
   * Any signed-in user may read a group: its members and their history; of the tasks it issued,
   * those the reader may open (the rule of GET /tasks/{id}), and how far those have come.
   */
  async workingGroup(actor: Actor, id: string): Promise<WorkingGroupDetailView> {
    const [row] = (await this.uow.query('SELECT * FROM working_groups WHERE id = $1', [id])) as WorkingGroupRecord[];
    if (!row) throw new NotFoundError('working_group', id);
    const members = await this.membersOf([id]);
    const items = await this.tasksOf(actor, { type: 'working_group', id });
    return { ...groupView(row, members.get(id) ?? []), tasks: { ...rollUp(items), items } };
  }

  /** Controllers see every meeting; others the ones they chair, organized or take part in. */
  async meetings(actor: Actor, filter: MeetingFilter): Promise<Page<MeetingSummaryView>> {
    const { add, param, params, clause } = sqlConditions();
    if (!hasRole(actor, 'controller')) {
      const me = param(actor.userId);
      add(`(m.chair_id = ${me} OR m.organizer_id = ${me} OR ${me} = ANY(m.participant_ids))`);
    }
    if (filter.status) add('m.status = ?', filter.status);
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add('(m.scheduled_at, m.id) < (?::timestamptz, ?::uuid)', after.k, after.id);

    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(
      `SELECT m.*, (SELECT count(*)::int FROM meeting_decisions d WHERE d.meeting_id = m.id) AS decision_count
         FROM meetings m ${clause()} ORDER BY m.scheduled_at DESC, m.id DESC LIMIT ${limit}`,
      params,
    )) as MeetingRow[];
    return toPage(rows, filter.limit, (r) => ({ k: new Date(r.scheduled_at).toISOString(), id: r.id }), meetingSummary);
  }

  /**
   * One meeting with its decisions and how far each decision's tasks have come, counting the tasks
   * the reader may open; 404 for a meeting the caller may not see.
   */
  async meeting(actor: Actor, id: string): Promise<MeetingView> {
    const [row] = (await this.uow.query(
      `SELECT m.*, (SELECT count(*)::int FROM meeting_decisions d WHERE d.meeting_id = m.id) AS decision_count FROM meetings m WHERE m.id = $1`,
      [id],
    )) as MeetingRow[];
    const me = actor.userId;
    const visible =
      row && (hasRole(actor, 'controller') || (me !== null && (row.chair_id === me || row.organizer_id === me || row.participant_ids.includes(me))));
    if (!visible) throw new NotFoundError('meeting', id);
    const decisions = (await this.uow.query('SELECT * FROM meeting_decisions WHERE meeting_id = $1 ORDER BY number', [id])) as DecisionRecord[];
    const { decisionCount: _count, ...summary } = meetingSummary(row);
    const tallies = await this.tasks.tally(
      actor,
      decisions.map((d) => ({ type: 'meeting_decision', id: d.id })),
    );
    return {
      ...summary,
      decisions: decisions.map((d) => ({
        id: d.id,
        number: d.number,
        text: d.text,
        formsWorkingGroup: formationView(d.forms_working_group),
        tasks: d.task_drafts,
        recordedBy: d.recorded_by,
        recordedAt: new Date(d.recorded_at).toISOString(),
        rollUp: tallies.get(`meeting_decision:${d.id}`)!,
      })),
    };
  }

  private async tasksOf(actor: Actor, source: TaskSource): Promise<TaskView[]> {
    const items: TaskView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.tasks.list(actor, { source, limit: PAGE, cursor });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  private async membersOf(groupIds: string[]): Promise<Map<string, MemberRow[]>> {
    const byGroup = new Map<string, MemberRow[]>();
    if (groupIds.length === 0) return byGroup;
    const rows = (await this.uow.query(
      `SELECT working_group_id, user_id, role, joined_at, left_at FROM working_group_members
        WHERE working_group_id = ANY($1::uuid[]) ORDER BY joined_at, seq`,
      [groupIds],
    )) as MemberRow[];
    for (const row of rows) byGroup.set(row.working_group_id, [...(byGroup.get(row.working_group_id) ?? []), row]);
    return byGroup;
  }
}

function rollUp(items: TaskView[]): TaskRollUp {
  return {
    issued: items.length,
    done: items.filter((t) => t.status === 'done').length,
    overdue: items.filter((t) => t.overdue).length,
    cancelled: items.filter((t) => t.status === 'cancelled').length,
  };
}

function groupView(row: WorkingGroupRecord, members: MemberRow[]): WorkingGroupView {
  const history: MembershipView[] = members.map((m) => ({ userId: m.user_id, role: m.role, joinedAt: iso(m.joined_at)!, leftAt: iso(m.left_at) }));
  const current = history.filter((m) => m.leftAt === null);
  return {
    id: row.id,
    name: row.name,
    mandate: row.mandate,
    basis: row.basis_type && row.basis_id ? { type: row.basis_type, id: row.basis_id } : null,
    status: row.status,
    chairId: current.find((m) => m.role === 'chair')?.userId ?? '',
    secretaryId: current.find((m) => m.role === 'secretary')?.userId ?? null,
    members: current,
    history,
    formedBy: row.formed_by,
    formedAt: iso(row.formed_at)!,
    disbandedAt: iso(row.disbanded_at),
    revision: row.version,
  };
}

function meetingSummary(row: MeetingRow): MeetingSummaryView {
  return {
    id: row.id,
    title: row.title,
    scheduledAt: iso(row.scheduled_at)!,
    location: row.location,
    chairId: row.chair_id,
    participantIds: row.participant_ids,
    agenda: row.agenda,
    status: row.status,
    organizerId: row.organizer_id,
    heldAt: iso(row.held_at),
    protocolApprovedAt: iso(row.protocol_approved_at),
    protocolApprovedBy: row.protocol_approved_by,
    decisionCount: row.decision_count,
    revision: row.version,
  };
}
