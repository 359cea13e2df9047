import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadlineTracker, ReminderProcessor, type ReminderPolicyItem } from '@kelisim/deadlines';
import { Clock, newId, SYSTEM_ACTOR } from '@kelisim/kernel';
import { PLATFORM_ROLE } from '@kelisim/platform';
import { UnitOfWork } from '@kelisim/persistence';
import { aUser, startTestApp, type TestApp, type TestUser, until } from '@kelisim/testing';

/** A worker's clock that is off by `offsetMs` from everyone else's (the database's among them). */
class SkewedClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The processor's tolerance: a job this close to its time fires rather than sleep again. */
const TOLERANCE_MS = 50;

/**
 * Issue 10: the worker's clock is not the clock. Reminders are planned, queued and fired by a
 * platform whose clock runs 5 s ahead of, then 5 s behind, PostgreSQL's; whether a reminder is due
 * is the database's call, so each fires once and never before its time by the database's clock
 * (recorded by a trigger at the moment its notice is inserted). Lateness is reported, not asserted.
 */
describe('reminders when the worker clock and the database clock disagree', () => {
  let t: TestApp;
  let clock: SkewedClock;
  let uow: UnitOfWork;
  let tracker: DeadlineTracker;
  let executor: TestUser;
  let controller: TestUser;

  const policy: ReminderPolicyItem[] = [
    { offset: { kind: 'before', duration: 'PT3S' }, to: ['executor'] },
    { offset: { kind: 'after', duration: 'PT1S' }, to: ['executor', 'controller'] },
  ];
  const track = (subjectId: string, dueAt: Date, items: ReminderPolicyItem[] = policy) =>
    uow.run(SYSTEM_ACTOR, () =>
      tracker.track({ subjectType: 'task', subjectId, title: 'Сағат айырмасы', dueAt, audience: { executor: [executor.id], controller: [controller.id] }, policy: items }),
    );
  const databaseNow = async (): Promise<number> => new Date(((await t.dataSource.query('SELECT clock_timestamp() AS now')) as { now: Date }[])[0].now).getTime();
  /** Each reminder of the subjects, its notices and when the database saw the first of them inserted. */
  const observed = async (subjects: string[]) =>
    (await t.dataSource.query(
      `SELECT r.id, r.state, r.fire_at, count(o.at)::int AS notices, min(o.at) AS noticed_at
         FROM reminders r LEFT JOIN observed_notices o ON o.dedupe_key = 'reminder:' || r.id
        WHERE r.subject_id = ANY($1::uuid[]) GROUP BY r.id ORDER BY r.fire_at`,
      [subjects],
    )) as { id: string; state: string; fire_at: Date; notices: number; noticed_at: Date | null }[];

  beforeAll(async () => {
    clock = new SkewedClock();
    t = await startTestApp({ clock, env: { KELISIM_RECONCILE_MS: '600000' } });
    uow = t.app.get(UnitOfWork);
    tracker = t.app.get(DeadlineTracker);
    executor = await aUser(t);
    controller = await aUser(t, { roles: ['controller'] });
    // The database's own record of when each notice went in: its clock, not the worker's.
    await t.asOwner(`CREATE TABLE observed_notices (dedupe_key text NOT NULL, at timestamptz NOT NULL)`);
    await t.asOwner(`
      CREATE FUNCTION observe_notice() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
      BEGIN INSERT INTO observed_notices VALUES (NEW.dedupe_key, clock_timestamp()); RETURN NEW; END $$`);
    await t.asOwner(`CREATE TRIGGER observe_notice AFTER INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION observe_notice()`);
    await t.asOwner(`GRANT SELECT ON observed_notices TO ${PLATFORM_ROLE}`);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Fire_ByAWorkerWhoseClockIsAhead_SleepsUntilTheDatabaseSaysItIsDue', async () => {
    clock.offsetMs = 5000;
    const subjectId = newId();
    await track(subjectId, new Date(Date.now() + 3600_000));
    const [row] = (await observed([subjectId])).filter((r) => r.state === 'pending');
    // Due in 3 s by the database; by this worker's clock 2 s ago.
    await t.dataSource.query(`UPDATE reminders SET fire_at = now() + interval '3 seconds' WHERE id = $1`, [row.id]);

    const outcome = await t.app.get(ReminderProcessor).fire(row.id);

    expect(outcome).toEqual({ sleepMs: expect.any(Number) });
    const { sleepMs } = outcome as { sleepMs: number };
    expect(sleepMs).toBeGreaterThan(0);
    expect(sleepMs).toBeLessThanOrEqual(3000);
    expect((await observed([subjectId])).every((r) => r.notices === 0 && r.state === 'pending')).toBe(true);
  });

  it.each([
    ['ahead', 5000],
    ['behind', -5000],
  ])('PlannedAndFiredByAWorkerWhoseClockIs5sBehindOrAhead_%s_EachFiresOnce_NeverEarlyByTheDatabaseClock', async (_how, offsetMs) => {
    clock.offsetMs = offsetMs;
    const subjects = [newId(), newId(), newId()];
    // Due 12 s from now by the database: the reminders 3 s before, the overdue notices 1 s after.
    const dueAt = new Date((await databaseNow()) + 12_000);
    for (const subjectId of subjects) await track(subjectId, dueAt);

    // Three notices a subject: the executor's reminder, then the executor's and the controller's overdue notice.
    const rows = await until(
      () => observed(subjects),
      (rs) => rs.length === 9 && rs.every((r) => r.notices > 0),
      90_000,
    );
    expect(rows).toHaveLength(9);
    for (const r of rows) {
      expect({ id: r.id, state: r.state, notices: r.notices }).toEqual({ id: r.id, state: 'fired', notices: 1 });
      const margin = new Date(r.noticed_at!).getTime() - new Date(r.fire_at).getTime();
      expect(margin).toBeGreaterThanOrEqual(-TOLERANCE_MS); // never early, by the database's clock
    }
    const late = Math.max(...rows.map((r) => new Date(r.noticed_at!).getTime() - new Date(r.fire_at).getTime()));
    process.stdout.write(`worker clock ${offsetMs} ms off: 9 reminders fired once each, the latest ${late} ms after its time by the database\n`);
  });
});
