import type { StageCalendar } from './stage-calendar.js';
import { describe, expect, it } from '@jest/globals';
import { type Actor, FixedClock, InvalidTransitionError, type Role } from '@kelisim/kernel';
import { textHash } from './canonical-text.js';
import { type DirectoryFacts, Memorandum, type Moment } from './memorandum.js';
import { NotAllowedToActError, TextChangedError, VersionAlreadyOpenError } from './memoranda.errors.js';
import type { VersionStatus } from './version.js';

// Wednesday 2025-03-12 10:00 in Almaty (UTC+5).
const clock = new FixedClock(new Date('2025-03-12T05:00:00Z'));
/** Weekdays only, 18:00 Asia/Almaty (UTC+5 all year): enough for the domain's rules. */
const calendar: StageCalendar = {
  dueAt(from: Date, workingDays: number): Date {
    const day = new Date(from.getTime() + 5 * 3600_000);
    day.setUTCHours(0, 0, 0, 0);
    for (let left = workingDays; left > 0; ) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left -= 1;
    }
    return new Date(day.getTime() + 13 * 3600_000);
  },
};
const AKIMAT = '00000000-0000-4000-8000-00000000000a';
const POLICE = '00000000-0000-4000-8000-00000000000b';
const PROSECUTOR_OFFICE = '00000000-0000-4000-8000-00000000000c';

const actor = (userId: string, organizationId: string, roles: Role[] = []): Actor => ({ userId, organizationId, roles, locale: 'kk' });
const drafter = actor('u-drafter', AKIMAT);
const akim = actor('u-akim', AKIMAT, ['signatory']);
const chief = actor('u-chief', POLICE, ['signatory']);
const prosecutor = actor('u-prosecutor', PROSECUTOR_OFFICE, ['prosecutor']);
const controller = actor('u-controller', AKIMAT, ['controller']);
const admin = actor('u-admin', AKIMAT, ['admin']);
const at = (by: Actor): Moment => ({ by, at: clock.now(), calendar });

const facts: DirectoryFacts = {
  reviewerKind: 'prosecutor',
  users: new Map([
    ['u-akim', { organizationId: AKIMAT, roles: ['signatory'], active: true }],
    ['u-chief', { organizationId: POLICE, roles: ['signatory'], active: true }],
  ]),
};

const aMemorandum = (): Memorandum => {
  const m = Memorandum.create(
    'm-1',
    {
      title: 'Этносаралық келісім туралы меморандум',
      reviewerOrganizationId: PROSECUTOR_OFFICE,
      parties: [
        { organizationId: AKIMAT, signatoryId: 'u-akim' },
        { organizationId: POLICE, signatoryId: 'u-chief' },
      ],
      clauses: ['Бірінші тармақ.', 'Екінші тармақ.'],
    },
    facts,
    at(drafter),
  );
  m.pullEvents();
  return m;
};

/** Drives version 1 of a new memorandum to a status, the way users would. */
const inStatus = (status: VersionStatus | 'active_with_open_draft'): Memorandum => {
  const m = aMemorandum();
  const steps: Record<string, (m: Memorandum) => void> = {
    draft: () => undefined,
    withdrawn: (x) => x.withdraw(1, at(drafter)),
    in_review: (x) => x.submit(1, at(drafter)),
    approval: (x) => (x.submit(1, at(drafter)), x.clear(1, null, at(prosecutor))),
    signing: (x) => (steps.approval(x), x.approve(1, null, null, at(akim)), x.approve(1, null, null, at(chief))),
    in_force: (x) => (steps.signing(x), x.sign(1, null, null, at(akim)), x.sign(1, null, null, at(chief))),
  };
  steps[status](m);
  m.pullEvents();
  return m;
};

const types = (m: Memorandum): string[] => m.peekEvents().map((e) => e.type);

/** Every version command, as the right person would issue it. */
const COMMANDS: Record<string, (m: Memorandum) => void> = {
  edit: (m) => m.editClauses(1, ['Өзгерген тармақ.'], at(drafter)),
  submit: (m) => m.submit(1, at(drafter)),
  return: (m) => m.return(1, [{ clause: 1, text: 'Нақтылаңыз.' }], at(prosecutor)),
  clear: (m) => m.clear(1, null, at(prosecutor)),
  approve: (m) => m.approve(1, null, null, at(akim)),
  reject: (m) => m.reject(1, 'Келіспейміз.', null, at(akim)),
  sign: (m) => m.sign(1, null, null, at(akim)),
  decline: (m) => m.decline(1, 'Қол қоймаймыз.', null, at(akim)),
  withdraw: (m) => m.withdraw(1, at(drafter)),
};

/** Which command each status allows, the status it leads to and the event it records. */
const ALLOWED: Record<string, Partial<Record<VersionStatus, [VersionStatus, string[]]>>> = {
  edit: { draft: ['draft', ['VersionClausesEdited']] },
  submit: { draft: ['in_review', ['VersionSubmitted']] },
  return: { in_review: ['draft', ['VersionReturned']] },
  clear: { in_review: ['approval', ['VersionCleared']] },
  approve: { approval: ['approval', ['VersionApproved']] },
  reject: { approval: ['draft', ['VersionRejected']] },
  sign: { signing: ['signing', ['VersionSigned']] },
  decline: { signing: ['draft', ['VersionDeclined']] },
  withdraw: { draft: ['withdrawn', ['VersionWithdrawn']] },
};
const STATUSES: VersionStatus[] = ['draft', 'in_review', 'approval', 'signing', 'in_force', 'withdrawn'];

describe('Memorandum', () => {
  it('Create_WhenDrafterIsAParty_RecordsMemorandumCreatedWithVersion1InDraft', () => {
    const m = Memorandum.create(
      'm-2',
      { title: ' Меморандум ', reviewerOrganizationId: PROSECUTOR_OFFICE, parties: [{ organizationId: AKIMAT, signatoryId: 'u-akim' }], clauses: ['Бір.'] },
      facts,
      at(drafter),
    );
    expect(types(m)).toEqual(['MemorandumCreated']);
    expect(m.state).toMatchObject({ title: 'Меморандум', status: 'draft', drafterOrganizationId: AKIMAT });
    expect(m.openVersion).toMatchObject({ number: 1, status: 'draft', textHash: textHash(['Бір.']) });
  });

  it('Create_WhenDrafterIsNoParty_IsForbidden', () => {
    const create = () =>
      Memorandum.create('m-3', { title: 'М', reviewerOrganizationId: PROSECUTOR_OFFICE, parties: [{ organizationId: POLICE, signatoryId: 'u-chief' }], clauses: ['Бір.'] }, facts, at(drafter));
    expect(create).toThrow('must be one of the parties');
  });

  it('Create_WhenSignatoryIsOfAnotherOrganization_NamesTheField', () => {
    const create = () =>
      Memorandum.create('m-4', { title: 'М', reviewerOrganizationId: PROSECUTOR_OFFICE, parties: [{ organizationId: AKIMAT, signatoryId: 'u-chief' }], clauses: ['Бір.'] }, facts, at(drafter));
    expect(create).toThrow(expect.objectContaining({ field: 'parties[0].signatoryId' }));
  });

  for (const [command, allowed] of Object.entries(ALLOWED)) {
    for (const status of STATUSES) {
      const outcome = allowed[status];
      if (outcome) {
        it(`${command}_WhenVersionIs${status}_MovesTo${outcome[0]}AndRecords${outcome[1].join('')}`, () => {
          const m = inStatus(status);
          COMMANDS[command](m);
          expect(m.getVersion(1).status).toBe(outcome[0]);
          expect(types(m)).toEqual(outcome[1]);
        });
      } else {
        it(`${command}_WhenVersionIs${status}_IsAnInvalidTransition`, () => {
          const m = inStatus(status);
          expect(() => COMMANDS[command](m)).toThrow(InvalidTransitionError);
          expect(m.peekEvents()).toHaveLength(0);
        });
      }
    }
  }

  it('Submit_WhenDraft_SetsTheReviewDueAt18AlmatyAfter10Weekdays', () => {
    const m = inStatus('in_review');
    // From Wednesday 12 March: ten weekdays later is Wednesday 26 March, 18:00 Almaty = 13:00 UTC.
    expect(m.getVersion(1).stageDueAt).toBe('2025-03-26T13:00:00.000Z');
  });

  it('Approve_WhenTheLastPartyApproves_MovesToSigning', () => {
    const m = inStatus('approval');
    m.approve(1, null, null, at(akim));
    expect(m.getVersion(1).status).toBe('approval');
    m.approve(1, null, null, at(chief));
    expect(m.getVersion(1).status).toBe('signing');
    expect(m.getVersion(1).stageDueAt).toBe('2025-03-19T13:00:00.000Z');
  });

  it('Approve_WhenThePartyAlreadyApproved_IsAConflict', () => {
    const m = inStatus('approval');
    m.approve(1, null, null, at(akim));
    expect(() => m.approve(1, null, null, at(akim))).toThrow('already');
  });

  it('Approve_ByAdminForAParty_IsRecordedOnBehalf', () => {
    const m = inStatus('approval');
    m.approve(1, null, POLICE, at(admin));
    expect(m.getVersion(1).approvals).toEqual([{ organizationId: POLICE, by: 'u-admin', at: clock.now().toISOString(), onBehalf: true, actingFor: null, comment: null }]);
  });

  describe('acting for the signatory (И.о.)', () => {
    const substitution = (from: string, to: string) => ({ substitutionId: 's-1', principalId: 'u-chief', organizationId: POLICE, roles: ['signatory'] as Role[], from, to });
    const deputyDuring = (from: string, to: string): Actor => ({ ...actor('u-deputy', POLICE), acting: [substitution(from, to)] });

    it('Approve_ByTheDeputyDuringTheSubstitution_CountsForTheSignatorysParty_RecordedActingForThem', () => {
      const m = inStatus('approval');
      m.approve(1, null, null, at(deputyDuring('2025-03-12T00:00:00Z', '2025-03-13T00:00:00Z')));
      expect(m.getVersion(1).approvals).toEqual([{ organizationId: POLICE, by: 'u-deputy', at: clock.now().toISOString(), onBehalf: false, actingFor: 'u-chief', comment: null }]);
      expect(m.getVersion(1).history.at(-1)).toMatchObject({ action: 'approve', by: 'u-deputy', actingFor: 'u-chief' });
      expect(m.pullEvents().at(-1)?.payload).toMatchObject({ organizationId: POLICE, actingFor: 'u-chief' });
    });

    it.each([
      ['before it begins', '2025-03-12T06:00:00Z', '2025-03-13T00:00:00Z'],
      ['at its end (the period is half-open)', '2025-03-11T00:00:00Z', '2025-03-12T05:00:00Z'],
    ])('Sign_ByTheDeputy_%s_IsForbidden', (_when, from, to) => {
      const m = inStatus('signing');
      expect(() => m.sign(1, null, null, at(deputyDuring(from, to)))).toThrow(NotAllowedToActError);
    });

    it('Approve_ByAnOfficialActingForAPersonWhoIsNoSignatory_IsForbidden', () => {
      const m = inStatus('approval');
      const deputy: Actor = { ...actor('u-deputy', POLICE), acting: [{ ...substitution('2025-03-12T00:00:00Z', '2025-03-13T00:00:00Z'), principalId: 'u-someone' }] };
      expect(() => m.approve(1, null, null, at(deputy))).toThrow(NotAllowedToActError);
    });
  });

  it('Approve_BySignatoryForAnotherParty_IsForbidden', () => {
    const m = inStatus('approval');
    expect(() => m.approve(1, null, AKIMAT, at(chief))).toThrow(NotAllowedToActError);
    expect(() => m.approve(1, null, null, at(drafter))).toThrow(NotAllowedToActError);
  });

  it('Clear_ByNonProsecutor_IsForbidden', () => {
    expect(() => inStatus('in_review').clear(1, null, at(drafter))).toThrow(NotAllowedToActError);
  });

  it('Return_WhenRemarkNamesAMissingClause_NamesTheField', () => {
    const m = inStatus('in_review');
    expect(() => m.return(1, [{ clause: 3, text: 'Жоқ тармақ.' }], at(prosecutor))).toThrow(expect.objectContaining({ field: 'remarks[0].clause' }));
  });

  it('Return_WhenInReview_KeepsRemarksWithTheirRound', () => {
    const m = inStatus('in_review');
    m.return(1, [{ clause: 2, text: 'Нақтылаңыз.' }], at(prosecutor));
    m.submit(1, at(drafter));
    expect(m.getVersion(1)).toMatchObject({ round: 2, remarks: [{ clause: 2, text: 'Нақтылаңыз.', by: 'u-prosecutor', round: 1 }] });
  });

  it('Reject_WhenSomeApproved_VoidsTheApprovals', () => {
    const m = inStatus('approval');
    m.approve(1, null, null, at(akim));
    m.reject(1, 'Келіспейміз.', null, at(chief));
    expect(m.getVersion(1)).toMatchObject({ status: 'draft', approvals: [] });
    expect(m.peekEvents().at(-1)?.payload).toMatchObject({ voidedApprovals: 1 });
  });

  it('Decline_WhenSomeSigned_VoidsApprovalsAndSignatures', () => {
    const m = inStatus('signing');
    m.sign(1, null, null, at(akim));
    m.decline(1, 'Қол қоймаймыз.', null, at(chief));
    expect(m.getVersion(1)).toMatchObject({ status: 'draft', approvals: [], signatures: [] });
  });

  it('Sign_WithAnOldTextHash_IsVoid', () => {
    const m = inStatus('signing');
    expect(() => m.sign(1, textHash(['Ескі мәтін.']), null, at(akim))).toThrow(TextChangedError);
    m.sign(1, m.getVersion(1).textHash, null, at(akim));
    expect(m.getVersion(1).signatures).toHaveLength(1);
  });

  it('Sign_WhenTheLastPartySigns_EntersIntoForceOnceAndActivatesTheMemorandum', () => {
    const m = inStatus('signing');
    m.sign(1, null, null, at(akim));
    m.sign(1, null, null, at(chief));
    expect(types(m)).toEqual(['VersionSigned', 'VersionSigned', 'VersionEnteredIntoForce']);
    expect(m.state.status).toBe('active');
    expect(m.getVersion(1).signatures[1]).toEqual({ organizationId: POLICE, by: 'u-chief', at: clock.now().toISOString(), textHash: m.getVersion(1).textHash, onBehalf: false, actingFor: null, eds: null });
  });

  it('OpenAmendment_WhenActive_CopiesTheVersionInForce_AndSupersedesItOnEntryIntoForce', () => {
    const m = inStatus('in_force');
    m.openAmendment('Өзгерістер мен толықтырулар', at(chief));
    expect(m.getVersion(2)).toMatchObject({ status: 'draft', basedOn: 1, drafterOrganizationId: POLICE, clauses: m.getVersion(1).clauses });
    expect(() => m.openAmendment('Тағы', at(drafter))).toThrow(VersionAlreadyOpenError);
    m.editClauses(2, ['Бірінші тармақ.', 'Екінші тармақ.', 'Үшінші тармақ.'], at(chief));
    m.submit(2, at(chief));
    m.clear(2, null, at(prosecutor));
    m.approve(2, null, null, at(akim));
    m.approve(2, null, null, at(chief));
    m.sign(2, null, null, at(akim));
    expect(m.getVersion(1).status).toBe('in_force');
    m.sign(2, null, null, at(chief));
    expect(types(m).slice(-3)).toEqual(['VersionSigned', 'VersionEnteredIntoForce', 'VersionSuperseded']);
    expect([m.getVersion(1).status, m.getVersion(2).status]).toEqual(['superseded', 'in_force']);
  });

  it('OpenAmendment_WhenNothingIsInForce_IsAnInvalidTransition', () => {
    expect(() => inStatus('draft').openAmendment('Ерте', at(drafter))).toThrow(InvalidTransitionError);
  });

  it('Terminate_WhenActive_WithdrawsTheOpenVersion_AndEveryLaterCommandIsAnInvalidTransition', () => {
    const m = inStatus('in_force');
    m.openAmendment('Өзгерістер', at(drafter));
    expect(() => m.terminate('Мерзімі өтті.', at(drafter))).toThrow(NotAllowedToActError);
    m.terminate('Мерзімі өтті.', at(controller));
    expect(types(m)).toEqual(['AmendmentOpened', 'VersionWithdrawn', 'MemorandumTerminated']);
    expect(m.state.status).toBe('terminated');
    expect(() => m.editClauses(2, ['x'], at(drafter))).toThrow(InvalidTransitionError);
    expect(() => m.openAmendment('Тағы', at(drafter))).toThrow(InvalidTransitionError);
    expect(() => m.terminate('Тағы', at(controller))).toThrow(InvalidTransitionError);
  });

  it('Terminate_WhenDraft_IsAnInvalidTransition', () => {
    expect(() => inStatus('draft').terminate('Ерте', at(controller))).toThrow(InvalidTransitionError);
  });
});
