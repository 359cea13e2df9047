import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isBin, isIin } from '@kelisim/kernel';
import { counts, startTestApp, type TestApp } from '@kelisim/testing';
import { DemoClock } from '../../apps/api/src/demo/demo-clock.js';
import { DEMO_PASSWORD, DEMO_MAIL_DOMAIN } from '../../apps/api/src/demo/demo-data.js';
import { DemoRefusedError, type DemoSummary, loadDemo } from '../../apps/api/src/demo/demo-loader.js';

/**
 * `npm run demo` loads the Maktaaral story into a fresh platform; this checks what its people see
 * over HTTP afterwards, and that a second run refuses and changes nothing.
 */
describe('the Maktaaral demo', () => {
  let t: TestApp;
  let summary: DemoSummary;
  const tokens = new Map<string, string>();
  const as = async (login: string) => {
    if (!tokens.has(login)) tokens.set(login, await t.login(`${login}@${DEMO_MAIL_DOMAIN}`, DEMO_PASSWORD));
    return { Authorization: `Bearer ${tokens.get(login)}` };
  };
  const get = async (login: string, path: string) => t.http.get(`/api/v1${path}`).set(await as(login));

  beforeAll(async () => {
    t = await startTestApp({ clock: new DemoClock() });
    summary = await loadDemo(t.app);
  }, 180_000);
  afterAll(() => t.close());

  it('Memorandum_Version1InForce_Version2InReviewAtTheProsecutorsOffice', async () => {
    const memorandum = await get('prokuror', `/memoranda/${summary.memorandum.id}`);
    expect(memorandum.status).toBe(200);
    expect(memorandum.body).toMatchObject({ status: 'active', versionInForce: 1, openVersion: 2 });
    expect(memorandum.body.parties).toHaveLength(10);
    expect(memorandum.body.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [1, 'in_force'],
      [2, 'in_review'],
    ]);
    const v1 = await get('akim', `/memoranda/${summary.memorandum.id}/versions/1`);
    expect(v1.body.signatures).toHaveLength(10);
    const diff = await get('akim', `/memoranda/${summary.memorandum.id}/versions/2/diff?against=1`);
    expect(diff.status).toBe(200);
    expect(JSON.stringify(diff.body)).toContain('«Достық» бөлмесі');

    const inbox = await get('prokuror', '/me/notifications');
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({ type: 'memorandum.action_required', subject: { type: 'memorandum', id: summary.memorandum.id } }),
    );
  });

  it('Meeting_ProtocolApproved_DecisionsRollUpTheirTasks_AsTheReaderMayOpenThem', async () => {
    const meeting = await get('control', `/meetings/${summary.meetingId}`);
    expect(meeting.status).toBe(200);
    expect(meeting.body).toMatchObject({ status: 'protocol_approved' });
    expect(meeting.body.agenda).toHaveLength(2);
    expect(meeting.body.decisions).toHaveLength(6);
    const [explanatory, , , , taza, border] = meeting.body.decisions;
    // Four 7-working-day tasks from the protocol (one done, three overdue) and the monthly task's 3 × 4 instances.
    expect(explanatory.rollUp).toEqual({ issued: 16, done: 1, overdue: 3, cancelled: 0 });
    expect(taza.rollUp).toEqual({ issued: 4, done: 0, overdue: 0, cancelled: 0 });
    expect(border.rollUp).toEqual({ issued: 0, done: 0, overdue: 0, cancelled: 0 });
    // The police co-execute the protocol's four tasks, not the monthly ones: a participant counts what they may open.
    const asPolice = await get('police', `/meetings/${summary.meetingId}`);
    expect(asPolice.body.decisions[0].rollUp).toEqual({ issued: 4, done: 1, overdue: 3, cancelled: 0 });
  });

  it('WorkingGroups_TheSpecialAndTheInformationGroup_FormedByTheMeeting', async () => {
    const groups = await get('knb', '/working-groups?status=active');
    expect(groups.body.items.length).toBeGreaterThanOrEqual(2);
    expect(groups.body.items.map((g: { id: string }) => g.id).sort()).toEqual([...summary.workingGroupIds].sort());
    const special = await get('knb', `/working-groups/${summary.workingGroupIds[0]}`);
    expect(special.body).toMatchObject({ basis: { type: 'meeting_decision' }, tasks: { issued: 0, done: 0, overdue: 0, items: [] } });
    expect(special.body.members.length).toBeGreaterThan(10);
    // The group's task is the Kelisim centre's to execute: the centre and controllers see it, a member who has no part in it does not.
    for (const login of ['kelisim', 'control']) {
      const seen = await get(login, `/working-groups/${summary.workingGroupIds[0]}`);
      expect(seen.body.tasks).toMatchObject({ issued: 1, done: 0, overdue: 0, items: [expect.objectContaining({ source: { type: 'working_group', id: summary.workingGroupIds[0] } })] });
    }
  });

  it('ControlSummary_PerRuralDistrict_ShowsOverdueAndDueSoon', async () => {
    const summaryView = await get('control', '/control/summary');
    expect(summaryView.status).toBe(200);
    const line = (name: string) => summaryView.body.items.find((i: { organizationName: string }) => i.organizationName === name);
    expect(line('Жаңаауыл ауылдық округі')).toMatchObject({ done: 1, doneOnTime: 1, overdue: 0 });
    for (const name of ['Мырзакент кенті', 'Атакент ауылдық округі', 'Жамбыл ауылдық округі']) expect(line(name)).toMatchObject({ overdue: 1 });
    for (const name of ['Жаңаауыл ауылдық округі', 'Мырзакент кенті', 'Атакент ауылдық округі', 'Жамбыл ауылдық округі']) {
      expect(line(name).dueSoon).toBeGreaterThanOrEqual(1);
    }
    const overdue = await get('control', '/control/overdue');
    expect(overdue.body.items).toHaveLength(3);
  });

  it('RuralAkims_SeeTheirTasks_TheReturnedOneAndTheOverdueRemindersOnTheirDays', async () => {
    const mine = await get('myrzakent', '/tasks?limit=100');
    const returned = mine.body.items.find((task: { status: string; overdue: boolean }) => task.status === 'in_progress' && task.overdue);
    expect(returned).toBeDefined();
    const detail = await get('myrzakent', `/tasks/${returned.id}`);
    expect(JSON.stringify(detail.body)).toContain('Есепті толықтырыңыз');

    const zhambyl = await get('zhambyl', '/tasks?limit=100');
    expect(zhambyl.body.items.filter((task: { status: string; overdue: boolean }) => task.status === 'assigned' && task.overdue)).toHaveLength(1);
    const inbox = await get('zhambyl', '/me/notifications?limit=100');
    const types = inbox.body.items.map((n: { type: string }) => n.type);
    expect(types).toEqual(expect.arrayContaining(['task.assigned', 'task.reminder', 'task.overdue']));
    // The walk fired the reminders on the story's days: the journal dates the deadline's passing at the deadline, not today.
    const late = zhambyl.body.items.find((task: { overdue: boolean }) => task.overdue);
    const journal = await get('control', `/audit?streamId=${late.id}&type=TaskBecameOverdue`);
    expect(journal.status).toBe(200);
    expect(journal.body.items).toHaveLength(1);
    const passedAt = new Date(journal.body.items[0].occurredAt).getTime();
    expect(passedAt).toBeGreaterThanOrEqual(new Date(late.dueAt).getTime());
    expect(passedAt).toBeLessThan(Date.now() - 2 * 86_400_000);
  });

  it('Directory_EveryOrganizationHasAValidBin_AndEveryPersonAValidIin_AllDifferent', async () => {
    const organizations = (await t.http.get('/api/v1/organizations?limit=200').set('Authorization', `Bearer ${t.adminToken}`)).body.items as { bin: string | null }[];
    const users = (await t.http.get('/api/v1/users?limit=200').set('Authorization', `Bearer ${t.adminToken}`)).body.items as { email: string; iin: string | null }[];
    const people = users.filter((u) => u.email.endsWith(`@${DEMO_MAIL_DOMAIN}`));
    expect(organizations.length).toBeGreaterThan(10);
    expect(people.length).toBeGreaterThan(10);
    expect(organizations.every((o) => o.bin !== null && isBin(o.bin))).toBe(true);
    expect(people.every((u) => u.iin !== null && isIin(u.iin))).toBe(true);
    expect(new Set(organizations.map((o) => o.bin)).size).toBe(organizations.length);
    expect(new Set(people.map((u) => u.iin)).size).toBe(people.length);
  });

  it('Directory_ThePoliceDepartmentsActingHead_IsRecordedAsActingForTheHeadOnLeave', async () => {
    const page = await t.http.get('/api/v1/substitutions?status=current').set('Authorization', `Bearer ${t.adminToken}`);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([expect.objectContaining({ principalName: 'Е. Төлепбергенов', deputyName: 'Қ. Сатыбалдиев', basis: expect.objectContaining({ orderNumber: '214 ж/қ' }) })]);
  });

  it('Journal_ChainVerifies', async () => {
    const verdict = await t.http.get('/api/v1/audit/verify').set('Authorization', `Bearer ${t.adminToken}`);
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ ok: true });
    expect(verdict.body.checked).toBeGreaterThan(100);
  });

  it('SecondRun_Refuses_AndChangesNothing', async () => {
    const before = { ...(await counts(t, 'users')), tasks: (await counts(t, 'tasks')).rows };
    await expect(loadDemo(t.app)).rejects.toThrow(DemoRefusedError);
    await expect(loadDemo(t.app)).rejects.toThrow(/already holds \d+ memoranda, meetings or tasks/);
    expect({ ...(await counts(t, 'users')), tasks: (await counts(t, 'tasks')).rows }).toEqual(before);
  });
});
