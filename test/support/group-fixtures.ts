import type { TestUser } from './directory-fixtures.js';
import type { TestApp } from './test-app.js';
import { sleep } from './waiting.js';

/**
 * A meeting `controller` schedules for tomorrow with `chair` in the chair, which the chair holds and
 * in which they record one decision carrying `tasks` (task drafts as the API takes them).
 */
export async function aHeldMeetingWithADecision(
  t: TestApp,
  people: { controller: TestUser; chair: TestUser; participants: TestUser[] },
  tasks: Record<string, unknown>[],
): Promise<{ meetingId: string; decisionId: string }> {
  const as = (user: TestUser) => ({ Authorization: `Bearer ${user.token}` });
  const scheduled = await t.http
    .post('/api/v1/meetings')
    .set(as(people.controller))
    .send({
      title: 'Мекемеаралық мәжіліс',
      scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      chairId: people.chair.id,
      participantIds: people.participants.map((p) => p.id),
      agenda: [{ title: 'Ахуал туралы' }],
    });
  if (scheduled.status !== 201) throw new Error(`meeting: ${scheduled.status} ${JSON.stringify(scheduled.body)}`);
  const meetingId = scheduled.body.id as string;
  const held = await t.http.post(`/api/v1/meetings/${meetingId}/hold`).set(as(people.chair));
  if (held.status !== 200) throw new Error(`hold: ${held.status} ${JSON.stringify(held.body)}`);
  const recorded = await t.http.post(`/api/v1/meetings/${meetingId}/decisions`).set(as(people.chair)).send({ text: 'Түсіндіру жұмыстары жүргізілсін', tasks });
  if (recorded.status !== 201) throw new Error(`decision: ${recorded.status} ${JSON.stringify(recorded.body)}`);
  return { meetingId, decisionId: recorded.body.decisions[0].id as string };
}

/** Publishes the outbox until `check` holds (the sagas and other consumers have run), for at most about 10 s. */
export async function settled(t: TestApp, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await check()); i++) {
    await t.relay.drain();
    await sleep(100);
  }
}
