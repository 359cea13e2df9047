import { beforeEach, describe, expect, it } from '@jest/globals';
import { FixedClock, InvalidTransitionError } from '@kelisim/kernel';
import { ChairOrControllerRequiredError, DraftDueInPastError, GroupTextError, TaskDraftError } from './groups.errors.js';
import { GroupEvents, type MeetingProtocolApprovedPayload } from './groups.events.js';
import { Meeting } from './meeting.js';
import { aUser, HOUR, idSequence, SPEC_START } from '../testing/group-fixtures.js';

const ids = {
  meeting: '00000000-0000-4000-8000-000000000001',
  controller: '00000000-0000-4000-8000-0000000000c1',
  akim: '00000000-0000-4000-8000-0000000000a1',
  police: '00000000-0000-4000-8000-0000000000b1',
  prosecutor: '00000000-0000-4000-8000-0000000000b2',
  rural: ['00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000e2'],
  stranger: '00000000-0000-4000-8000-0000000000f1',
};
const user = aUser;
const controller = user(ids.controller, true);
const akim = user(ids.akim);
const police = user(ids.police);

describe('Meeting', () => {
  let clock: FixedClock;
  let nextId: () => string;

  beforeEach(() => {
    clock = new FixedClock(SPEC_START);
    nextId = idSequence();
  });

  const schedule = (overrides: Partial<Parameters<typeof Meeting.schedule>[1]> = {}): Meeting =>
    Meeting.schedule(
      ids.meeting,
      {
        title: 'Мекемеаралық мәжіліс',
        scheduledAt: new Date('2026-04-14T05:00:00Z'),
        location: 'Мақтаарал ауданы әкімдігі',
        chairId: ids.akim,
        participantIds: [ids.police, ids.prosecutor, ids.akim, ids.police],
        agenda: [{ title: 'Ұлтаралық шиеленістердің алдын алу', speakerId: ids.police }, { title: 'Меморандум' }],
        organizerId: ids.controller,
        ...overrides,
      },
      clock.now(),
    );
  const held = (): Meeting => {
    const meeting = schedule();
    meeting.hold(akim, clock.now());
    meeting.pullEvents();
    return meeting;
  };
  const draft = { title: 'Түсіндіру жұмыстары', executorIds: ids.rural, dueInWorkingDays: 5 };

  it('Schedule_WithParticipantsAndAgenda_IsPlannedWithoutDuplicates', () => {
    const meeting = schedule();
    expect(meeting.state).toMatchObject({ status: 'planned', participantIds: [ids.police, ids.prosecutor], organizerId: ids.controller });
    expect(meeting.state.agenda).toEqual([
      { title: 'Ұлтаралық шиеленістердің алдын алу', speakerId: ids.police },
      { title: 'Меморандум', speakerId: null },
    ]);
    expect(meeting.peekEvents().map((e) => e.type)).toEqual([GroupEvents.MeetingScheduled]);
  });

  it('Schedule_WhenTitleBlankOrAgendaTitleTooLong_FailsNamingTheField', () => {
    expect(() => schedule({ title: ' ' })).toThrow(GroupTextError);
    expect(() => schedule({ agenda: [{ title: 'x'.repeat(501) }] })).toThrow(expect.objectContaining({ field: 'agenda[0].title' }) as never);
  });

  it('IsVisibleTo_ParticipantsChairOrganizerAndControllers_NotStrangers', () => {
    const meeting = schedule();
    expect([akim, police, controller, user(ids.controller)].map((a) => meeting.isVisibleTo(a))).toEqual([true, true, true, true]);
    expect(meeting.isVisibleTo(user(ids.stranger))).toBe(false);
  });

  it('Hold_ByTheChair_MovesPlannedToHeld', () => {
    const meeting = schedule();
    meeting.pullEvents();
    clock.advance(HOUR);
    meeting.hold(akim, clock.now());
    expect(meeting.state).toMatchObject({ status: 'held', heldAt: clock.now() });
    expect(meeting.peekEvents().map((e) => e.type)).toEqual([GroupEvents.MeetingHeld]);
  });

  it('Hold_ByAParticipantWhoIsNotChair_IsForbidden', () => {
    expect(() => schedule().hold(police, clock.now())).toThrow(ChairOrControllerRequiredError);
  });

  it('Hold_WhenAlreadyHeld_IsAnInvalidTransition', () => {
    expect(() => held().hold(controller, clock.now())).toThrow(InvalidTransitionError);
  });

  it('RecordDecision_WhenPlanned_IsAnInvalidTransition', () => {
    expect(() => schedule().recordDecision(akim, { text: 'Шешім' }, nextId, clock.now())).toThrow(InvalidTransitionError);
  });

  it('RecordDecision_WhenHeld_NumbersItAndGivesTheGroupItFormsAnId', () => {
    const meeting = held();
    const first = meeting.recordDecision(akim, { text: 'Түсіндіру жұмыстарын жүргізу', tasks: [draft] }, nextId, clock.now());
    const second = meeting.recordDecision(
      controller,
      { text: 'Арнайы жұмыс тобын құру', formsWorkingGroup: { name: 'Жұмыс тобы', mandate: 'Тұрақтылық', chairId: ids.akim, memberIds: [ids.police] } },
      nextId,
      clock.now(),
    );
    const third = meeting.recordDecision(akim, { text: 'Ақпарат назарға алынсын' }, nextId, clock.now());
    expect([first.number, second.number, third.number]).toEqual([1, 2, 3]);
    expect(first.tasks).toEqual([draft]);
    expect(second.formsWorkingGroup).toMatchObject({ groupId: expect.stringMatching(/^0{8}-/), secretaryId: null, memberIds: [ids.police] });
    expect(third).toMatchObject({ tasks: [], formsWorkingGroup: null });
    expect(meeting.peekEvents().map((e) => e.type)).toEqual(Array(3).fill(GroupEvents.DecisionRecorded));
  });

  it('RecordDecision_WhenADraftHasNoExecutorOrTwoDeadlines_FailsNamingTheDraftField', () => {
    const meeting = held();
    const record = (tasks: object[]) => () => meeting.recordDecision(akim, { text: 'Шешім', tasks: tasks as never }, nextId, clock.now());
    expect(record([{ title: 'T', dueInWorkingDays: 3 }])).toThrow(expect.objectContaining({ field: 'tasks[0].executorId' }) as never);
    expect(record([draft, { ...draft, dueAt: '2026-05-01T13:00:00Z' }])).toThrow(expect.objectContaining({ field: 'tasks[1].dueAt' }) as never);
    expect(record([{ title: 'T', executorId: ids.police, dueAt: '2026-04-01T13:00:00Z' }])).toThrow(TaskDraftError);
    expect(meeting.decisions).toHaveLength(0);
  });

  it('RecordDecision_ByAStranger_IsForbidden', () => {
    expect(() => held().recordDecision(user(ids.stranger), { text: 'Шешім' }, nextId, clock.now())).toThrow(ChairOrControllerRequiredError);
  });

  it('ApproveProtocol_ByTheChair_CarriesEveryDecisionAndTheDefaultController', () => {
    const meeting = held();
    const decision = meeting.recordDecision(akim, { text: 'Түсіндіру жұмыстарын жүргізу', tasks: [draft] }, nextId, clock.now());
    meeting.pullEvents();
    clock.advance(HOUR);
    meeting.approveProtocol(akim, ids.controller, clock.now());
    expect(meeting.state).toMatchObject({ status: 'protocol_approved', protocolApprovedAt: clock.now(), protocolApprovedBy: ids.akim });
    const [event] = meeting.peekEvents();
    expect(event.type).toBe(GroupEvents.ProtocolApproved);
    expect(event.payload as unknown as MeetingProtocolApprovedPayload).toEqual({
      meetingId: ids.meeting,
      approvedBy: ids.akim,
      approvedAt: clock.now().toISOString(),
      controllerId: ids.controller,
      decisions: [{ decisionId: decision.id, number: 1, text: 'Түсіндіру жұмыстарын жүргізу', formsWorkingGroup: null, tasks: [draft] }],
    });
  });

  it('ApproveProtocol_Twice_IsAnInvalidTransition', () => {
    const meeting = held();
    meeting.approveProtocol(controller, ids.controller, clock.now());
    expect(() => meeting.approveProtocol(controller, ids.controller, clock.now())).toThrow(InvalidTransitionError);
  });

  it('ApproveProtocol_WhenPlanned_IsAnInvalidTransition', () => {
    expect(() => schedule().approveProtocol(controller, ids.controller, clock.now())).toThrow(/planned/);
  });

  it('ApproveProtocol_ByAParticipant_IsForbidden', () => {
    expect(() => held().approveProtocol(police, ids.controller, clock.now())).toThrow(ChairOrControllerRequiredError);
  });

  it('ApproveProtocol_WhenADraftDueDateHasPassed_IsRefusedAndNothingRecorded', () => {
    const meeting = held();
    meeting.recordDecision(akim, { text: 'Шешім', tasks: [{ title: 'T', executorId: ids.police, dueAt: '2026-04-13T06:00:00Z' }] }, nextId, clock.now());
    meeting.pullEvents();
    clock.advance(3 * HOUR);
    expect(() => meeting.approveProtocol(controller, ids.controller, clock.now())).toThrow(DraftDueInPastError);
    expect(meeting.state.status).toBe('held');
    expect(meeting.peekEvents()).toHaveLength(0);
  });
});
