import { beforeEach, describe, expect, it } from '@jest/globals';
import { FixedClock, InvalidTransitionError, StaleRevisionError, ValidationError } from '@kelisim/kernel';
import { AlreadyMemberError, ChairCannotLeaveError, ChairOrControllerRequiredError, GroupTextError, NotAMemberError } from './groups.errors.js';
import { GroupEvents } from './groups.events.js';
import { WorkingGroup } from './working-group.js';
import { aUser, HOUR, idSequence, SPEC_START } from '../testing/group-fixtures.js';

const ids = {
  group: '00000000-0000-4000-8000-000000000001',
  controller: '00000000-0000-4000-8000-0000000000c1',
  chair: '00000000-0000-4000-8000-0000000000a1',
  secretary: '00000000-0000-4000-8000-0000000000a2',
  police: '00000000-0000-4000-8000-0000000000b1',
  elder: '00000000-0000-4000-8000-0000000000b2',
  stranger: '00000000-0000-4000-8000-0000000000f1',
  decision: '00000000-0000-4000-8000-0000000000d1',
};
const user = aUser;
const controller = user(ids.controller, true);
const chair = user(ids.chair);
const stranger = user(ids.stranger);

describe('WorkingGroup', () => {
  let clock: FixedClock;
  let nextId: () => string;

  beforeEach(() => {
    clock = new FixedClock(SPEC_START);
    nextId = idSequence();
  });

  const form = (overrides: Partial<Parameters<typeof WorkingGroup.form>[1]> = {}): WorkingGroup =>
    WorkingGroup.form(
      ids.group,
      {
        name: 'Қоғамдық-саяси тұрақтылықты қамтамасыз ету жөніндегі арнайы жұмыс тобы',
        mandate: 'Ұлтаралық қақтығыстардың алдын алу',
        basis: { type: 'meeting_decision', id: ids.decision },
        chairId: ids.chair,
        secretaryId: ids.secretary,
        memberIds: [ids.police, ids.elder, ids.chair],
        formedBy: ids.controller,
        ...overrides,
      },
      nextId,
      clock.now(),
    );
  const formed = (): WorkingGroup => {
    const group = form();
    group.pullEvents();
    return group;
  };

  it('Form_WithChairSecretaryAndMembers_IsActiveWithEveryoneJoinedOnce', () => {
    const group = form();
    expect(group.state.status).toBe('active');
    expect(group.chairId).toBe(ids.chair);
    expect(group.secretaryId).toBe(ids.secretary);
    expect(group.members.map((m) => [m.userId, m.role])).toEqual([
      [ids.chair, 'chair'],
      [ids.secretary, 'secretary'],
      [ids.police, 'member'],
      [ids.elder, 'member'],
    ]);
    expect(group.peekEvents().map((e) => e.type)).toEqual([GroupEvents.WorkingGroupFormed, ...Array(4).fill(GroupEvents.MemberJoined)]);
    expect(group.peekEvents()[0].payload).toMatchObject({ basis: { type: 'meeting_decision', id: ids.decision }, memberIds: [ids.police, ids.elder] });
    expect(group.version).toBe(5);
  });

  it('Form_WhenNameIsBlankOrMandateTooLong_FailsNamingTheField', () => {
    expect(() => form({ name: '  ' })).toThrow(GroupTextError);
    expect(() => form({ mandate: 'x'.repeat(4_001) })).toThrow(expect.objectContaining({ field: 'mandate' }) as never);
  });

  it('Form_WhenSecretaryIsTheChair_Fails', () => {
    expect(() => form({ secretaryId: ids.chair })).toThrow(ValidationError);
  });

  it('AddMember_ByTheChair_OpensAMembershipRow', () => {
    const group = formed();
    clock.advance(HOUR);
    group.addMember(chair, nextId, ids.stranger, 'member', clock.now());
    expect(group.members.find((m) => m.userId === ids.stranger)).toMatchObject({ role: 'member', joinedAt: clock.now(), leftAt: null });
    expect(group.peekEvents().map((e) => e.type)).toEqual([GroupEvents.MemberJoined]);
  });

  it('AddMember_AsSecretary_ReplacesTheSecretaryWhoStaysAMember', () => {
    const group = formed();
    group.addMember(controller, nextId, ids.police, 'secretary', clock.now());
    expect(group.secretaryId).toBe(ids.police);
    expect(group.members.find((m) => m.userId === ids.secretary)?.role).toBe('member');
    expect(group.history.filter((m) => m.leftAt !== null).map((m) => [m.userId, m.role])).toEqual([
      [ids.secretary, 'secretary'],
      [ids.police, 'member'],
    ]);
  });

  it('AddMember_AsChair_MakesThePreviousChairAMember', () => {
    const group = formed();
    group.addMember(controller, nextId, ids.elder, 'chair', clock.now());
    expect(group.chairId).toBe(ids.elder);
    expect(group.members.find((m) => m.userId === ids.chair)?.role).toBe('member');
  });

  it('AddMember_WhenAlreadyAMemberWithThatRole_IsAConflict', () => {
    expect(() => formed().addMember(chair, nextId, ids.police, 'member', clock.now())).toThrow(AlreadyMemberError);
  });

  it('AddMember_ByAStranger_IsForbidden', () => {
    expect(() => formed().addMember(stranger, nextId, ids.stranger, 'member', clock.now())).toThrow(ChairOrControllerRequiredError);
  });

  it('RemoveMember_ByTheChair_ClosesTheRowAndKeepsIt', () => {
    const group = formed();
    clock.advance(HOUR);
    group.removeMember(chair, ids.police, clock.now());
    expect(group.members.map((m) => m.userId)).not.toContain(ids.police);
    expect(group.history.find((m) => m.userId === ids.police)).toMatchObject({ leftAt: clock.now() });
    expect(group.peekEvents()).toEqual([expect.objectContaining({ type: GroupEvents.MemberLeft, payload: expect.objectContaining({ userId: ids.police }) })]);
  });

  it('RemoveMember_WhenNotAMember_IsAConflict', () => {
    expect(() => formed().removeMember(chair, ids.stranger, clock.now())).toThrow(NotAMemberError);
  });

  it('RemoveMember_WhenTheChair_IsRefused', () => {
    expect(() => formed().removeMember(controller, ids.chair, clock.now())).toThrow(ChairCannotLeaveError);
  });

  it('RemoveMember_ByAMemberWhoIsNotChair_IsForbidden', () => {
    expect(() => formed().removeMember(user(ids.police), ids.elder, clock.now())).toThrow(ChairOrControllerRequiredError);
  });

  it('Disband_ByTheChair_IsDisbanded', () => {
    const group = formed();
    group.disband(chair, clock.now());
    expect(group.state).toMatchObject({ status: 'disbanded', disbandedAt: clock.now() });
    expect(group.peekEvents().map((e) => e.type)).toEqual([GroupEvents.WorkingGroupDisbanded]);
  });

  it('Disband_ByAStranger_IsForbidden', () => {
    expect(() => formed().disband(stranger, clock.now())).toThrow(ChairOrControllerRequiredError);
  });

  it('AnyChange_WhenDisbanded_IsAnInvalidTransitionNamingTheStatus', () => {
    const group = formed();
    group.disband(controller, clock.now());
    for (const change of [
      () => group.disband(controller, clock.now()),
      () => group.addMember(controller, nextId, ids.stranger, 'member', clock.now()),
      () => group.removeMember(controller, ids.police, clock.now()),
    ]) {
      expect(change).toThrow(InvalidTransitionError);
      expect(change).toThrow(/disbanded/);
    }
  });

  it('AssertRevision_WhenStale_Fails', () => {
    const group = formed();
    expect(() => group.assertRevision(1)).toThrow(StaleRevisionError);
    expect(() => group.assertRevision(group.version)).not.toThrow();
  });
});
