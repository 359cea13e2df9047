import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Received } from './sinks.js';

/** A read-only look at the installation's database (the private PostgreSQL's `query`). */
export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The processor's documented tolerance: a job this close to its time fires rather than sleep again. */
export const EARLY_TOLERANCE_MS = 50;

export interface Violations {
  /** Reminders that still apply and are due but never fired. */
  missing: string[];
  /** Reminders that fired with other than exactly one inbox notification. */
  notOnce: string[];
  /** Reminders put in the inbox before their time (by the worker's clock, less the tolerance). */
  early: string[];
  /** Reminders of a deadline revision that no longer applies, fired after it was replaced. */
  stale: string[];
  /** Deliveries (e-mail, webhook) not delivered, never received, or received before the reminder's time. */
  deliveries: string[];
}

export interface Figures {
  reminders: number;
  fired: number;
  emails: number;
  webhooks: number;
  /**
   * Receipts beyond the first of one delivery (same Message-ID or X-Kelisim-Delivery, so the
   * receiver can fold them): only a process killed between sending and recording makes one.
   */
  duplicates: number;
  /** The largest lateness of an inbox notice after its reminder's time, in ms. */
  latestMs: number;
  /** The smallest margin of a notice before (negative) or after its reminder's time, in ms. */
  earliestMs: number;
}

/**
 * The faults' invariant, on the installation's own tables and the sinks' records: every reminder
 * that still applies and is due has fired exactly once into the inbox, never early; every delivery
 * of such a notice reached its sink exactly once, not before the reminder's time.
 */
export async function checkReminders(query: Query, sinks: { email?: Received[]; webhook?: Received[] } = {}): Promise<{ violations: Violations; figures: Figures }> {
  const rows = await query<{ id: string; state: string; fire_at: Date; applies: boolean; notices: number; noticed_at: Date | null }>(
    `SELECT r.id::text, r.state, r.fire_at,
            (d.state = 'open' AND d.revision = r.deadline_revision) OR r.state = 'fired' AND d.revision = r.deadline_revision AS applies,
            (SELECT count(*)::int FROM notifications n WHERE n.dedupe_key = 'reminder:' || r.id) AS notices,
            (SELECT min(n.created_at) FROM notifications n WHERE n.dedupe_key = 'reminder:' || r.id) AS noticed_at
       FROM reminders r JOIN deadlines d ON d.id = r.deadline_id`,
  );
  const [{ now }] = await query<{ now: Date }>('SELECT now() AS now');
  const violations: Violations = { missing: [], notOnce: [], early: [], stale: [], deliveries: [] };
  let latestMs = 0;
  let earliestMs = Number.POSITIVE_INFINITY;
  for (const r of rows) {
    const fireAt = new Date(r.fire_at).getTime();
    if (r.state === 'fired') {
      if (r.notices !== 1) violations.notOnce.push(`${r.id}: ${r.notices} notices`);
      const margin = new Date(r.noticed_at!).getTime() - fireAt;
      latestMs = Math.max(latestMs, margin);
      earliestMs = Math.min(earliestMs, margin);
      if (margin < -EARLY_TOLERANCE_MS) violations.early.push(`${r.id}: ${margin} ms before its time`);
    } else if (r.applies && fireAt < new Date(now).getTime() - 1000) {
      violations.missing.push(`${r.id}: ${r.state}, due ${new Date(r.fire_at).toISOString()}`);
    }
  }
  // A fired reminder of a revision since replaced: fine if it fired before the replacement, a fault after.
  const stale = await query<{ id: string }>(
    `SELECT r.id::text FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
      WHERE r.state = 'fired' AND r.deadline_revision < d.revision
        AND r.fired_at > (SELECT min(n.created_at) FROM reminders n WHERE n.deadline_id = d.id AND n.deadline_revision > r.deadline_revision)`,
  );
  violations.stale.push(...stale.map((s) => s.id));

  const deliveries = await query<{ id: string; channel: string; state: string; enqueued: boolean; attempts: number; fire_at: Date | null }>(
    `SELECT dl.id::text, dl.channel, dl.state, dl.enqueued, dl.attempts, r.fire_at
       FROM deliveries dl JOIN notifications n ON n.id = dl.notification_id
       LEFT JOIN reminders r ON n.dedupe_key = 'reminder:' || r.id
      WHERE dl.channel IN ('email', 'webhook')`,
  );
  let duplicates = 0;
  for (const d of deliveries) {
    const sink = d.channel === 'email' ? sinks.email : sinks.webhook;
    if (!sink) continue;
    const got = sink.filter((m) => m.deliveryId === d.id);
    duplicates += Math.max(0, got.length - 1);
    if (d.state !== 'delivered' || got.length === 0) violations.deliveries.push(`${d.channel} ${d.id}: ${d.state}${d.enqueued ? ' (queued)' : ''} after ${d.attempts} attempts, received ${got.length}×`);
    if (d.fire_at && got.some((m) => m.at < new Date(d.fire_at!).getTime())) violations.deliveries.push(`${d.channel} ${d.id}: received before its time`);
  }
  return {
    violations,
    figures: {
      reminders: rows.length,
      fired: rows.filter((r) => r.state === 'fired').length,
      emails: deliveries.filter((d) => d.channel === 'email').length,
      webhooks: deliveries.filter((d) => d.channel === 'webhook').length,
      duplicates,
      latestMs,
      earliestMs: Number.isFinite(earliestMs) ? earliestMs : 0,
    },
  };
}

/** A scenario's reminders fall due within this long of its settling: it waits for them too. */
const SETTLE_HORIZON_MS = 60_000;

/**
 * Waits until nothing that still applies is left to fire (due now or within {@link SETTLE_HORIZON_MS}:
 * a scenario's own reminders, not a task's due in an hour) or to deliver — or the limit passes — then checks.
 */
export async function settledReminders(query: Query, sinks: { email?: Received[]; webhook?: Received[] } = {}, limitMs = 300_000) {
  const started = Date.now();
  for (;;) {
    const checked = await checkReminders(query, sinks);
    const [{ pending }] = await query<{ pending: number }>(
      `SELECT ((SELECT count(*) FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
                 WHERE r.state = 'pending' AND d.state = 'open' AND d.revision = r.deadline_revision
                   AND r.fire_at < now() + make_interval(secs => $1::float8 / 1000))
             + (SELECT count(*) FROM deliveries dl JOIN notifications n ON n.id = dl.notification_id
                 WHERE dl.state = 'pending' AND dl.channel IN ('email', 'webhook')))::int AS pending`,
      [SETTLE_HORIZON_MS],
    );
    const v = checked.violations;
    if ((pending === 0 && v.missing.length === 0 && v.deliveries.length === 0) || Date.now() - started > limitMs) return checked;
    await sleep(250);
  }
}

export interface Command {
  key: string;
  title: string;
  /** Every answer the command got, in order: a status, or 'network' when the connection failed. */
  answers: (number | 'network')[];
}

/** The last answer decides: accepted (2xx), refused (4xx), or unknown (5xx or no answer at the end). */
export const outcome = (c: Command): 'accepted' | 'refused' | 'unknown' => {
  const last = c.answers.at(-1);
  if (typeof last === 'number' && last < 300) return 'accepted';
  if (typeof last === 'number' && last < 500) return 'refused';
  return 'unknown';
};

/**
 * A client that issues tasks as a person would with a careful client: each command has its own
 * Idempotency-Key and title, and a failed attempt (no answer, or 5xx) is retried with the same key
 * until it is answered or the limit passes. `target` says where the API is now (it may move).
 */
export async function issueTasks(
  target: () => string,
  token: string,
  count: number,
  body: (i: number) => Record<string, unknown>,
  options: { concurrency?: number; retryForMs?: number; label?: string; spacingMs?: number } = {},
): Promise<Command[]> {
  const commands: Command[] = Array.from({ length: count }, (_, i) => ({ key: randomUUID(), title: `${options.label ?? 'fault'} ${i} ${randomUUID().slice(0, 8)}`, answers: [] }));
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      if (options.spacingMs) await sleep(options.spacingMs);
      const c = commands[i];
      const until = Date.now() + (options.retryForMs ?? 60_000);
      for (;;) {
        const answer = await request(target())
          .post('/api/v1/tasks')
          .set('Authorization', `Bearer ${token}`)
          .set('Idempotency-Key', c.key)
          .timeout(30_000)
          .send({ title: c.title, ...body(i) })
          .then((r) => r.status)
          .catch(() => 'network' as const);
        c.answers.push(answer);
        if (typeof answer === 'number' && answer < 500) break;
        if (Date.now() > until) break;
        await sleep(200);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return commands;
}

/**
 * Accepted commands made their tasks exactly once (`perCommand`: one, or one per executor);
 * refused ones left no task and no journal event.
 */
export async function checkCommands(query: Query, commands: Command[], perCommand = 1): Promise<{ lost: string[]; doubled: string[]; traces: string[]; unknown: string[] }> {
  const titles = commands.map((c) => c.title);
  const found = await query<{ title: string; n: number }>(`SELECT title, count(*)::int AS n FROM tasks WHERE title = ANY($1) GROUP BY title`, [titles]);
  const tasks = new Map(found.map((f) => [f.title, f.n]));
  const journal = await query<{ title: string }>(
    `SELECT DISTINCT t.title FROM unnest($1::text[]) AS t(title) JOIN journal_events j ON j.payload::text LIKE '%' || t.title || '%'`,
    [commands.filter((c) => outcome(c) === 'refused').map((c) => c.title)],
  );
  const result = { lost: [] as string[], doubled: [] as string[], traces: [] as string[], unknown: [] as string[] };
  for (const c of commands) {
    const n = tasks.get(c.title) ?? 0;
    const o = outcome(c);
    if (n > perCommand) result.doubled.push(`${c.title}: ${n} tasks`);
    if (o === 'accepted' && n !== perCommand) result.lost.push(`${c.title}: ${c.answers.join(',')}`);
    if (o === 'refused' && n !== 0) result.traces.push(`${c.title}: ${c.answers.join(',')} but ${n} tasks`);
    if (o === 'unknown') result.unknown.push(`${c.title}: ${c.answers.join(',')}`);
  }
  result.traces.push(...journal.map((j) => `${j.title}: in the journal though refused`));
  return result;
}
