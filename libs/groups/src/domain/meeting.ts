import { type Actor, AggregateRoot, hasRole, ValidationError } from '@kelisim/kernel';
import { ChairOrControllerRequiredError, DraftDueInPastError, MeetingTransitionError, TaskDraftError, TooManyError } from './groups.errors.js';
import { type ApprovedDecision, GroupEvents, type MeetingProtocolApprovedPayload } from './groups.events.js';
import { type AgendaItem, type Decision, GROUP_LIMITS, type MeetingStatus, type TaskDraft, type WorkingGroupFormation } from './groups.types.js';
import { checkText } from './working-group.js';

export interface MeetingProps {
  title: string;
  scheduledAt: Date;
  location: string | null;
  chairId: string;
  participantIds: string[];
  agenda: AgendaItem[];
  status: MeetingStatus;
  /** The controller who scheduled it. */
  organizerId: string;
  heldAt: Date | null;
  protocolApprovedAt: Date | null;
  protocolApprovedBy: string | null;
  createdAt: Date;
}

export interface ScheduleMeetingProps {
  title: string;
  scheduledAt: Date;
  location?: string | null;
  chairId: string;
  participantIds: string[];
  agenda: { title: string; speakerId?: string | null }[];
  organizerId: string;
}

export interface RecordDecisionProps {
  text: string;
  formsWorkingGroup?: Omit<WorkingGroupFormation, 'groupId' | 'secretaryId'> & { secretaryId?: string | null };
  tasks?: TaskDraft[];
}

/**
 * An interagency meeting: scheduled with participants and an agenda, held, its decisions recorded,
 * and its protocol approved — which issues the decisions' tasks and forms their working groups.
 */
export class Meeting extends AggregateRoot {
  readonly streamType = 'meeting';

  private constructor(
    id: string,
    version: number,
    private props: MeetingProps,
    private decisionList: Decision[],
  ) {
    super(id, version);
  }

  static schedule(id: string, input: ScheduleMeetingProps, now: Date): Meeting {
    checkText('title', input.title, GROUP_LIMITS.title);
    if (input.location != null) checkText('location', input.location, GROUP_LIMITS.location);
    if (input.agenda.length > GROUP_LIMITS.agendaItems) throw new TooManyError('agenda', GROUP_LIMITS.agendaItems);
    input.agenda.forEach((item, i) => checkText(`agenda[${i}].title`, item.title, GROUP_LIMITS.title));
    const participantIds = [...new Set(input.participantIds)].filter((userId) => userId !== input.chairId);
    if (participantIds.length > GROUP_LIMITS.participants) throw new TooManyError('participantIds', GROUP_LIMITS.participants);
    const props: MeetingProps = {
      title: input.title,
      scheduledAt: input.scheduledAt,
      location: input.location ?? null,
      chairId: input.chairId,
      participantIds,
      agenda: input.agenda.map((item) => ({ title: item.title, speakerId: item.speakerId ?? null })),
      status: 'planned',
      organizerId: input.organizerId,
      heldAt: null,
      protocolApprovedAt: null,
      protocolApprovedBy: null,
      createdAt: now,
    };
    const meeting = new Meeting(id, 0, props, []);
    meeting.record(GroupEvents.MeetingScheduled, {
      meetingId: id,
      title: props.title,
      scheduledAt: props.scheduledAt.toISOString(),
      location: props.location,
      chairId: props.chairId,
      participantIds,
      agenda: props.agenda,
      organizerId: props.organizerId,
    });
    return meeting;
  }

  static restore(id: string, version: number, props: MeetingProps, decisions: Decision[]): Meeting {
    return new Meeting(id, version, props, decisions);
  }

  get state(): Readonly<MeetingProps> {
    return this.props;
  }

  get decisions(): readonly Decision[] {
    return this.decisionList;
  }

  /** Controllers see every meeting; anyone else only one they chair, organize or take part in. */
  isVisibleTo(actor: Actor): boolean {
    if (hasRole(actor, 'controller')) return true;
    const me = actor.userId;
    return me !== null && (me === this.props.chairId || me === this.props.organizerId || this.props.participantIds.includes(me));
  }

  hold(actor: Actor, now: Date): void {
    this.requireChairOrController(actor, 'mark it held');
    this.requireStatus('planned', 'hold', 'held');
    this.props.status = 'held';
    this.props.heldAt = now;
    this.record(GroupEvents.MeetingHeld, { meetingId: this.id, heldBy: actor.userId, at: now.toISOString() });
  }

  /** Records a protocol item; `ids` gives the decision's id and, when it forms a group, the group's. */
  recordDecision(actor: Actor, input: RecordDecisionProps, ids: () => string, now: Date): Decision {
    this.requireChairOrController(actor, 'record its decisions');
    this.requireStatus('held', 'record a decision of', 'held');
    if (this.decisionList.length >= GROUP_LIMITS.decisions) throw new TooManyError('decisions', GROUP_LIMITS.decisions);
    checkText('text', input.text, GROUP_LIMITS.decisionText);
    const tasks = input.tasks ?? [];
    if (tasks.length > GROUP_LIMITS.taskDrafts) throw new TooManyError('tasks', GROUP_LIMITS.taskDrafts);
    tasks.forEach((draft, i) => checkDraft(`tasks[${i}]`, draft, now));
    let formsWorkingGroup: WorkingGroupFormation | null = null;
    if (input.formsWorkingGroup) {
      const f = input.formsWorkingGroup;
      checkText('formsWorkingGroup.name', f.name, GROUP_LIMITS.name);
      checkText('formsWorkingGroup.mandate', f.mandate, GROUP_LIMITS.mandate);
      if (f.secretaryId && f.secretaryId === f.chairId) throw new ValidationError('formsWorkingGroup.secretaryId', 'the secretary must not be the chair');
      if (f.memberIds.length > GROUP_LIMITS.members) throw new TooManyError('formsWorkingGroup.memberIds', GROUP_LIMITS.members);
      formsWorkingGroup = { groupId: '', name: f.name, mandate: f.mandate, chairId: f.chairId, secretaryId: f.secretaryId ?? null, memberIds: [...f.memberIds] };
    }
    const decision: Decision = {
      id: ids(),
      number: this.decisionList.length + 1,
      text: input.text,
      formsWorkingGroup: formsWorkingGroup && { ...formsWorkingGroup, groupId: ids() },
      tasks: tasks.map((draft) => ({ ...draft })),
      recordedBy: actor.userId!,
      recordedAt: now,
    };
    this.decisionList.push(decision);
    this.record(GroupEvents.DecisionRecorded, {
      meetingId: this.id,
      decisionId: decision.id,
      number: decision.number,
      text: decision.text,
      formsWorkingGroup: decision.formsWorkingGroup,
      tasks: decision.tasks,
    });
    return decision;
  }

  /**
   * Approves the protocol. The event carries every decision with its drafts, so the saga that
   * issues the tasks needs nothing else; `controllerId` controls the drafts that name no controller.
   */
  approveProtocol(actor: Actor, controllerId: string, now: Date): void {
    this.requireChairOrController(actor, 'approve its protocol');
    this.requireStatus('held', 'approve the protocol of', 'protocol_approved');
    for (const decision of this.decisionList) {
      for (const draft of decision.tasks) {
        if (draft.dueAt && Date.parse(draft.dueAt) <= now.getTime()) throw new DraftDueInPastError(decision.number, draft.title);
      }
    }
    this.props.status = 'protocol_approved';
    this.props.protocolApprovedAt = now;
    this.props.protocolApprovedBy = actor.userId;
    const decisions: ApprovedDecision[] = this.decisionList.map((d) => ({
      decisionId: d.id,
      number: d.number,
      text: d.text,
      formsWorkingGroup: d.formsWorkingGroup,
      tasks: d.tasks,
    }));
    const payload: MeetingProtocolApprovedPayload = {
      meetingId: this.id,
      approvedBy: actor.userId!,
      approvedAt: now.toISOString(),
      controllerId,
      decisions,
    };
    this.record(GroupEvents.ProtocolApproved, payload);
  }

  private requireChairOrController(actor: Actor, action: string): void {
    if (hasRole(actor, 'controller')) return;
    if (actor.userId !== null && actor.userId === this.props.chairId) return;
    throw new ChairOrControllerRequiredError('meeting', action);
  }

  private requireStatus(required: MeetingStatus, action: string, to: MeetingStatus): void {
    if (this.props.status !== required) throw new MeetingTransitionError(this.props.status, action, to);
  }
}

const TASK_TITLE = 500;
const TASK_DESCRIPTION = 50_000;
const MAX_WORKING_DAYS = 365;

/** The rules of POST /tasks that can be checked before the task exists; the tasks context checks again. */
function checkDraft(field: string, draft: TaskDraft, now: Date): void {
  checkText(`${field}.title`, draft.title, TASK_TITLE);
  if (draft.description !== undefined && draft.description.length > TASK_DESCRIPTION) {
    throw new TaskDraftError(`${field}.description`, `${field}.description must be at most ${TASK_DESCRIPTION} characters long`);
  }
  if ((draft.executorId === undefined) === (draft.executorIds === undefined)) {
    throw new TaskDraftError(`${field}.executorId`, `${field} needs either executorId or executorIds`);
  }
  if (draft.executorIds && new Set(draft.executorIds).size !== draft.executorIds.length) {
    throw new TaskDraftError(`${field}.executorIds`, `${field}.executorIds must not repeat a user`);
  }
  if ((draft.dueAt === undefined) === (draft.dueInWorkingDays === undefined)) {
    throw new TaskDraftError(`${field}.dueAt`, `${field} needs either dueAt or dueInWorkingDays`);
  }
  if (draft.dueAt !== undefined && !(Date.parse(draft.dueAt) > now.getTime())) {
    throw new TaskDraftError(`${field}.dueAt`, `${field}.dueAt must be in the future`);
  }
  const days = draft.dueInWorkingDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS)) {
    throw new TaskDraftError(`${field}.dueInWorkingDays`, `${field}.dueInWorkingDays must be a whole number from 1 to ${MAX_WORKING_DAYS}`);
  }
}
