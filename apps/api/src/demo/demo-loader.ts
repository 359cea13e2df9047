import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { type Actor, Clock, type Locale, type Role } from '@kelisim/kernel';
import { OutboxRelay } from '@kelisim/persistence';
import { BootstrapAdmin, CreateOrganizationCommand, RecordSubstitutionCommand, RegisterUserCommand, UpdateOrganizationCommand } from '@kelisim/directory';
import {
  ApproveVersionCommand,
  ClearVersionCommand,
  CreateMemorandumCommand,
  EditClausesCommand,
  OpenAmendmentCommand,
  SignVersionCommand,
  SubmitVersionCommand,
} from '@kelisim/memoranda';
import { ApproveProtocolCommand, HoldMeetingCommand, RecordDecisionCommand, ScheduleMeetingCommand } from '@kelisim/groups';
import { AcceptTaskCommand, AcknowledgeTaskCommand, IssueTaskCommand, ReturnTaskCommand, SubmitReportCommand } from '@kelisim/tasks';
import { ReminderEnqueuer, ReminderProcessor, REMINDERS_QUEUE, reminderJobId, WorkingCalendarProvider, type WorkingCalendar } from '@kelisim/deadlines';
import { DemoClock } from './demo-clock.js';
import {
  AKIMAT_NAME,
  CENTRES,
  DECISIONS,
  DEMO_MAIL_DOMAIN,
  DEMO_PASSWORD,
  demoBin,
  ABSENT_POLICE_HEAD,
  demoIin,
  emailOf,
  FOLLOW_UPS,
  MEETING,
  MEMORANDUM,
  MEMORANDUM_PARTIES,
  ORGANIZATIONS,
  type OrgKey,
  PEOPLE,
  type PersonKey,
  RURAL,
} from './demo-data.js';

/** The demo loads only into a database without cases; this says why it did not. */
export class DemoRefusedError extends Error {}

export interface DemoOptions {
  /** The first admin to create when the database has no user at all (KELISIM_ADMIN_EMAIL/PASSWORD); a demo admin otherwise. */
  admin?: { email?: string; password?: string };
}

export interface DemoSummary {
  /** Set when the loader created the admin itself: its credentials, to print once. */
  createdAdmin: { email: string; password: string } | null;
  password: string;
  people: { login: string; fullName: string; position: string; roles: Role[]; locale: Locale }[];
  memorandum: { id: string; inForceSince: string; openVersion: number; openVersionStatus: string };
  meetingId: string;
  workingGroupIds: string[];
  counts: Record<'organizations' | 'users' | 'memoranda' | 'meetings' | 'decisions' | 'workingGroups' | 'tasks' | 'done' | 'overdue' | 'dueSoon' | 'notifications' | 'events', number>;
}

const TZ = 'Asia/Almaty';
const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Loads the Maktaaral story (seed/README.md) into an empty database through the command bus, so the
 * journal tells it and every rule of the platform holds.
 *
 * Time. A task cannot be issued with a past deadline, so overdue tasks can only come from the past:
 * the app must run on a {@link DemoClock}, which the loader sets back about a month and walks forward
 * to today. In the past lie the directory, version 1 of the memorandum (it enters into force then, a
 * month ago, not in 2021: the platform records the day it is signed in it), the meeting three weeks
 * ago whose protocol issues 7-working-day tasks (now overdue), and what the executors did with them.
 * While walking, every working morning fires the reminders that fall due (the worker's own
 * ReminderProcessor, on the story's clock), so inboxes show them on their days. Today: version 2 is
 * submitted for review, follow-up tasks due in 2–3 working days and a monthly task are issued. At
 * the end, reminder jobs queued while the clock was behind get their real delays back.
 */
export async function loadDemo(app: INestApplication, options: DemoOptions = {}): Promise<DemoSummary> {
  const clock = app.get(Clock);
  if (!(clock instanceof DemoClock)) throw new DemoRefusedError('The demo needs the platform created with a DemoClock: createApi(config, new DemoClock()).');
  const db = app.get(DataSource);
  const commands = app.get(CommandBus);
  const relay = app.get(OutboxRelay);
  const processor = app.get(ReminderProcessor);
  const calendar: WorkingCalendar = await app.get(WorkingCalendarProvider).current();
  const count = async (sql: string, params: unknown[] = []): Promise<number> => ((await db.query(sql, params)) as { n: number }[])[0].n;

  // 1. Refuse anything but an empty database (directory aside), before changing anything.
  const cases = await count('SELECT ((SELECT count(*) FROM memoranda) + (SELECT count(*) FROM meetings) + (SELECT count(*) FROM tasks))::int AS n');
  if (cases > 0) throw new DemoRefusedError(`The database already holds ${cases} memoranda, meetings or tasks; the demo loads only into an empty one.`);
  const demoUsers = await count(`SELECT count(*)::int AS n FROM users WHERE lower(email) = ANY($1)`, [PEOPLE.map(emailOf)]);
  if (demoUsers > 0) throw new DemoRefusedError(`${demoUsers} of the demo people (@${DEMO_MAIL_DOMAIN}) already exist; the demo loads only into an empty database.`);

  // 2. The admin who builds the directory: the first admin, or one created now.
  let createdAdmin: DemoSummary['createdAdmin'] = null;
  if ((await count('SELECT count(*)::int AS n FROM users')) === 0) {
    const email = options.admin?.email ?? `admin@${DEMO_MAIL_DOMAIN}`;
    const password = options.admin?.password ?? `demo-admin-${randomBytes(6).toString('hex')}`;
    await app.get(BootstrapAdmin).run({ email, password, organizationName: AKIMAT_NAME });
    if (!options.admin?.password) createdAdmin = { email, password };
  }
  const [adminRow] = (await db.query(
    `SELECT u.id, u.organization_id AS "organizationId", u.locale, o.kind, o.name
       FROM users u JOIN organizations o ON o.id = u.organization_id
      WHERE 'admin' = ANY(u.roles) AND u.active ORDER BY u.created_at LIMIT 1`,
  )) as { id: string; organizationId: string; locale: Locale; kind: string; name: string }[];
  if (!adminRow) throw new DemoRefusedError('The database has users but no active admin to build the demo directory.');
  const admin: Actor = { userId: adminRow.id, organizationId: adminRow.organizationId, roles: ['admin'], locale: adminRow.locale };

  // The story's calendar: working days in Almaty, counted back from today.
  const today = DateTime.fromJSDate(new Date(), { zone: TZ });
  const workingDayAt = (daysBack: number, time: string): Date => {
    let day = today.minus({ days: daysBack });
    while (!calendar.isWorkingDay(day.toISODate()!)) day = day.minus({ days: 1 });
    const [hour, minute] = time.split(':').map(Number);
    return day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
  };

  /** Publishes every committed event (sagas, notifications, reminder jobs) before the story moves on. */
  const settleOutbox = async (): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      await relay.drain();
      if ((await count(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND next_attempt_at <= now()`)) === 0) return;
      await sleep(25);
    }
    throw new Error('the outbox did not settle within 10 s');
  };
  /** Fires the reminders due at the story's "now", as the worker would have on that day. */
  const fireDueReminders = async (): Promise<void> => {
    await settleOutbox();
    for (let round = 0; round < 100; round++) {
      const due = (await db.query(`SELECT id FROM reminders WHERE state = 'pending' AND fire_at <= $1 ORDER BY fire_at, id`, [clock.now()])) as { id: string }[];
      if (due.length === 0) break;
      for (const { id } of due) await processor.fire(id);
      await settleOutbox();
    }
  };
  /** Walks the clock forward to `target` (null: the present), stopping at every working morning on the way. */
  const walkTo = async (target: Date | null): Promise<void> => {
    const end = target ?? new Date();
    let morning = DateTime.fromJSDate(clock.now(), { zone: TZ }).startOf('day').plus({ days: 1 }).set({ hour: 9, minute: 30 });
    while (morning.toJSDate() < end) {
      if (calendar.isWorkingDay(morning.toISODate()!)) {
        clock.travelTo(morning.toJSDate());
        await fireDueReminders();
      }
      morning = morning.plus({ days: 1 });
    }
    if (target) clock.travelTo(target);
    else clock.present();
    await fireDueReminders();
  };
  const run = <T>(command: Parameters<CommandBus['execute']>[0]): Promise<T> => commands.execute(command) as Promise<T>;

  // 3. The directory, a month ago.
  clock.rewindTo(workingDayAt(32, '09:00'));
  const orgIds = new Map<OrgKey, string>();
  if (adminRow.kind === 'akimat') {
    // The first admin's organization is the akimat; the default name of a fresh installation becomes Maktaaral's.
    const akimat = ORGANIZATIONS.find((o) => o.key === 'akimat')!;
    if (adminRow.name !== AKIMAT_NAME && adminRow.name === 'Аудан әкімдігі') {
      await run(new UpdateOrganizationCommand(admin, adminRow.organizationId, { name: akimat.name, shortName: akimat.shortName, bin: demoBin(akimat) }));
    }
    orgIds.set('akimat', adminRow.organizationId);
  }
  for (const org of ORGANIZATIONS) {
    if (orgIds.has(org.key)) continue;
    const created = await run<{ id: string }>(
      new CreateOrganizationCommand(admin, {
        name: org.name,
        shortName: org.shortName,
        kind: org.kind,
        bin: demoBin(org),
        ...(org.underAkimat ? { parentId: orgIds.get('akimat')! } : {}),
      }),
    );
    orgIds.set(org.key, created.id);
  }
  const people = new Map<PersonKey, Actor>();
  for (const person of PEOPLE) {
    const akimId = people.get('akim')?.userId ?? undefined;
    const user = await run<{ id: string; organizationId: string; roles: Role[]; locale: Locale }>(
      new RegisterUserCommand(admin, {
        fullName: person.fullName,
        email: emailOf(person),
        organizationId: orgIds.get(person.organization)!,
        position: person.position,
        roles: person.roles,
        locale: person.locale,
        iin: demoIin(person),
        password: DEMO_PASSWORD,
        ...(person.reportsToAkim && akimId ? { headId: akimId } : {}),
      }),
    );
    people.set(person.key, { userId: user.id, organizationId: user.organizationId, roles: user.roles, locale: user.locale });
  }
  const who = (key: PersonKey): Actor => people.get(key)!;
  const id = (key: PersonKey): string => who(key).userId!;
  // The police department's head is away: his acting head (И.о.) is the one the story knows.
  const absentHead = await run<{ id: string }>(
    new RegisterUserCommand(admin, {
      fullName: ABSENT_POLICE_HEAD.fullName,
      email: `${ABSENT_POLICE_HEAD.login}@${DEMO_MAIL_DOMAIN}`,
      organizationId: orgIds.get('police')!,
      position: ABSENT_POLICE_HEAD.position,
      roles: ['signatory'],
      locale: 'kk',
      iin: ABSENT_POLICE_HEAD.iin,
      password: DEMO_PASSWORD,
    }),
  );
  const acting = clock.now();
  await run(
    new RecordSubstitutionCommand(admin, {
      principalId: absentHead.id,
      deputyId: id(ABSENT_POLICE_HEAD.actingFor),
      from: acting,
      to: new Date(acting.getTime() + ABSENT_POLICE_HEAD.days * 86_400_000),
      basis: { orderNumber: ABSENT_POLICE_HEAD.basis.orderNumber, orderDate: DateTime.fromJSDate(acting, { zone: TZ }).minus({ days: 3 }).toISODate()! },
    }),
  );

  // 4. Version 1 of the memorandum: drafted by the internal policy department, cleared by the prosecutor, approved and signed by every party.
  await walkTo(workingDayAt(31, '10:00'));
  const created = await run<{ id: string }>(
    new CreateMemorandumCommand(who('policy'), {
      title: MEMORANDUM.title,
      purpose: MEMORANDUM.purpose,
      reviewerOrganizationId: orgIds.get('prosecutor')!,
      parties: MEMORANDUM_PARTIES.map((key) => ({ organizationId: who(key).organizationId!, signatoryId: id(key) })),
      clauses: [...MEMORANDUM.clausesV1],
    }),
  );
  const memorandumId = created.id;
  await run(new SubmitVersionCommand(who('policy'), memorandumId, 1));
  await walkTo(workingDayAt(30, '11:00'));
  await run(new ClearVersionCommand(who('prosecutor'), memorandumId, 1, 'Меморандум мәтіні заңнамаға сәйкес келеді.'));
  await walkTo(workingDayAt(29, '10:00'));
  for (const key of MEMORANDUM_PARTIES) await run(new ApproveVersionCommand(who(key), memorandumId, 1, null, null));
  await walkTo(workingDayAt(28, '15:00'));
  for (const key of MEMORANDUM_PARTIES) await run(new SignVersionCommand(who(key), memorandumId, 1, null, null));
  const inForceSince = clock.now().toISOString();

  // 5. The interagency meeting, three weeks ago: scheduled, held, its protocol approved.
  await walkTo(workingDayAt(24, '10:00'));
  const meetingAt = workingDayAt(20, '10:00');
  const participants = PEOPLE.map((p) => p.key).filter((key) => key !== 'akim');
  const scheduled = await run<{ id: string }>(
    new ScheduleMeetingCommand(who('controller'), {
      title: MEETING.title,
      scheduledAt: meetingAt,
      location: MEETING.location,
      chairId: id('akim'),
      participantIds: participants.map(id),
      agenda: MEETING.agenda.map((item) => ({ title: item.title, speakerId: id(item.speaker) })),
    }),
  );
  const meetingId = scheduled.id;
  await walkTo(meetingAt);
  await run(new HoldMeetingCommand(who('akim'), meetingId));
  await walkTo(new Date(meetingAt.getTime() + 2 * 3_600_000));
  const decide = async (data: ConstructorParameters<typeof RecordDecisionCommand>[2]): Promise<string> => {
    const meeting = await run<{ decisions: { id: string }[] }>(new RecordDecisionCommand(who('akim'), meetingId, data));
    return meeting.decisions[meeting.decisions.length - 1].id;
  };
  const explanatory = await decide({
    text: DECISIONS.explanatoryWork,
    tasks: [
      {
        title: DECISIONS.explanatoryTask.title,
        description: DECISIONS.explanatoryTask.description,
        executorIds: RURAL.map(id),
        coExecutorIds: [id('police')],
        dueInWorkingDays: 7,
        priority: 'high',
      },
    ],
  });
  await decide({
    text: DECISIONS.specialGroup,
    formsWorkingGroup: {
      name: DECISIONS.specialGroupName,
      mandate: DECISIONS.specialGroupMandate,
      chairId: id('akim'),
      secretaryId: id('policy'),
      memberIds: (['prosecutor', 'nsc', 'police', 'maslikhat', 'publicCouncil', 'kelisim', 'veterans', ...CENTRES] as PersonKey[]).map(id),
    },
  });
  await decide({
    text: DECISIONS.infoGroup,
    formsWorkingGroup: {
      name: DECISIONS.infoGroupName,
      mandate: DECISIONS.infoGroupMandate,
      chairId: id('policy'),
      secretaryId: id('kelisim'),
      memberIds: (['publicCouncil', 'veterans', 'police', ...CENTRES, ...RURAL] as PersonKey[]).map(id),
    },
  });
  await decide({ text: DECISIONS.dostyq });
  const taza = await decide({ text: DECISIONS.tazaQazaqstan });
  await decide({ text: DECISIONS.border });
  await walkTo(workingDayAt(20, '16:00'));
  const approved = await run<{ decisions: { formsWorkingGroup: { workingGroupId: string } | null }[] }>(new ApproveProtocolCommand(who('akim'), meetingId));
  const workingGroupIds = approved.decisions.flatMap((d) => (d.formsWorkingGroup ? [d.formsWorkingGroup.workingGroupId] : []));
  // The protocol issuer saga issues the tasks on the story's clock: wait for it before time moves on.
  for (let i = 0; ; i++) {
    await settleOutbox();
    const issued = await count(`SELECT count(*)::int AS n FROM tasks WHERE source_id = $1`, [explanatory]);
    const groups = await count(`SELECT count(*)::int AS n FROM working_groups WHERE id = ANY($1::uuid[])`, [workingGroupIds]);
    if (issued === RURAL.length && groups === workingGroupIds.length) break;
    if (i > 200) throw new Error('the protocol issuer did not issue the tasks within 10 s');
    await sleep(50);
  }
  const explanatoryTasks = new Map(
    ((await db.query(`SELECT id, executor_id AS "executorId" FROM tasks WHERE source_id = $1`, [explanatory])) as { id: string; executorId: string }[]).map(
      (t) => [t.executorId, t.id] as const,
    ),
  );
  const taskOf = (key: PersonKey): string => explanatoryTasks.get(id(key))!;

  // The amendment is opened the same evening: clauses 1–5 stay, the meeting's proposals are added.
  await walkTo(workingDayAt(20, '17:30'));
  await run(new OpenAmendmentCommand(who('policy'), memorandumId, MEMORANDUM.amendmentReason));
  const v1 = MEMORANDUM.clausesV1;
  await run(new EditClausesCommand(who('policy'), memorandumId, 2, [...v1.slice(0, -1), ...MEMORANDUM.addedClauses, v1[v1.length - 1]]));

  // 6. What the rural akims did with the 7-working-day task: one done on time, one report returned, one taken on, one not even acknowledged.
  await walkTo(workingDayAt(19, '09:40'));
  await run(new AcknowledgeTaskCommand(who('zhanaauyl'), taskOf('zhanaauyl')));
  await run(new AcknowledgeTaskCommand(who('myrzakent'), taskOf('myrzakent')));
  await walkTo(workingDayAt(18, '10:15'));
  await run(new AcknowledgeTaskCommand(who('atakent'), taskOf('atakent')));
  await walkTo(workingDayAt(16, '15:00'));
  await run(new SubmitReportCommand(who('zhanaauyl'), taskOf('zhanaauyl'), FOLLOW_UPS.reportDone));
  await walkTo(workingDayAt(16, '17:00'));
  await run(new AcceptTaskCommand(who('controller'), taskOf('zhanaauyl')));
  await walkTo(workingDayAt(15, '12:00'));
  await run(new SubmitReportCommand(who('myrzakent'), taskOf('myrzakent'), FOLLOW_UPS.reportReturned));
  await walkTo(workingDayAt(15, '16:30'));
  await run(new ReturnTaskCommand(who('controller'), taskOf('myrzakent'), FOLLOW_UPS.returnReason));

  // 7. Today: version 2 goes to the prosecutor's office; follow-up tasks due in 2–3 working days; the monthly task.
  await walkTo(null);
  await run(new SubmitVersionCommand(who('policy'), memorandumId, 2));
  const dostyq = await run<{ id: string }>(
    new IssueTaskCommand(who('akim'), {
      title: FOLLOW_UPS.dostyq.title,
      description: FOLLOW_UPS.dostyq.description,
      source: { type: 'working_group', id: workingGroupIds[0] },
      executorId: id('kelisim'),
      coExecutorIds: [id('policy')],
      controllerId: id('controller'),
      dueInWorkingDays: 2,
      priority: 'high',
    }),
  );
  const tazaGroup = await run<{ items: { id: string; executorId: string }[] }>(
    new IssueTaskCommand(who('controller'), {
      title: FOLLOW_UPS.taza.title,
      description: FOLLOW_UPS.taza.description,
      source: { type: 'meeting_decision', id: taza },
      executorIds: RURAL.map(id),
      dueInWorkingDays: 3,
    }),
  );
  await run(
    new IssueTaskCommand(who('controller'), {
      title: FOLLOW_UPS.monthly.title,
      description: FOLLOW_UPS.monthly.description,
      source: { type: 'meeting_decision', id: explanatory },
      executorIds: RURAL.map(id),
      recurrence: { rrule: FOLLOW_UPS.monthly.rrule },
    }),
  );
  await run(new AcknowledgeTaskCommand(who('kelisim'), dostyq.id));
  for (const key of ['zhanaauyl', 'atakent'] as PersonKey[]) {
    await run(new AcknowledgeTaskCommand(who(key), tazaGroup.items.find((t) => t.executorId === id(key))!.id));
  }
  await fireDueReminders();
  await retimeReminderJobs(app, db);

  const [version2] = (await db.query(`SELECT status FROM memorandum_versions WHERE memorandum_id = $1 AND number = 2`, [memorandumId])) as { status: string }[];
  const now = new Date();
  const open = `status IN ('assigned', 'in_progress', 'report_submitted')`;
  const n = (table: string) => count(`SELECT count(*)::int AS n FROM ${table}`);
  return {
    createdAdmin,
    password: DEMO_PASSWORD,
    people: PEOPLE.map((p) => ({ login: emailOf(p), fullName: p.fullName, position: p.position, roles: p.roles, locale: p.locale })),
    memorandum: { id: memorandumId, inForceSince, openVersion: 2, openVersionStatus: version2?.status ?? 'unknown' },
    meetingId,
    workingGroupIds,
    counts: {
      organizations: await n('organizations'),
      users: await n('users'),
      memoranda: await n('memoranda'),
      meetings: await n('meetings'),
      decisions: await n('meeting_decisions'),
      workingGroups: await n('working_groups'),
      tasks: await n('tasks'),
      done: await count(`SELECT count(*)::int AS n FROM tasks WHERE status = 'done'`),
      overdue: await count(`SELECT count(*)::int AS n FROM tasks WHERE ${open} AND due_at < $1`, [now]),
      dueSoon: await count(`SELECT count(*)::int AS n FROM tasks WHERE ${open} AND due_at >= $1 AND due_at < $2`, [now, new Date(now.getTime() + 7 * DAY_MS)]),
      notifications: await n('notifications'),
      events: await n('journal_events'),
    },
  };
}

/**
 * Reminder jobs queued while the story's clock was behind were given delays counted from then; give
 * the pending ones their real delay (at once when already due), and drop the jobs of reminders the
 * walk has fired or that were cancelled.
 */
async function retimeReminderJobs(app: INestApplication, db: DataSource): Promise<void> {
  const enqueuer = app.get(ReminderEnqueuer);
  await enqueuer.flush();
  const queue = app.get<Queue>(getQueueToken(REMINDERS_QUEUE), { strict: false });
  const pending = (await db.query(`SELECT id, fire_at AS "fireAt" FROM reminders WHERE state = 'pending' AND enqueued`)) as { id: string; fireAt: Date }[];
  for (const { id, fireAt } of pending) {
    const job = await queue.getJob(reminderJobId(id));
    if (job && (await job.isDelayed())) await job.changeDelay(Math.max(0, new Date(fireAt).getTime() - Date.now()));
  }
  const finished = (await db.query(`SELECT id FROM reminders WHERE state <> 'pending'`)) as { id: string }[];
  await enqueuer.remove(finished.map((r) => r.id));
}
