import { fileURLToPath } from 'node:url';
import { EARLY_TOLERANCE_MS, type Query } from './invariant.js';
import type { Received } from './sinks.js';

const PRELOAD = fileURLToPath(new URL('./skewed-clock.mjs', import.meta.url));

/** The environment that starts a Kelisim process whose clock (Date, so its Clock and BullMQ's timers) is `ms` off. */
export const skewedClock = (ms: number): NodeJS.ProcessEnv => ({ NODE_OPTIONS: `--import ${PRELOAD}`, KELISIM_FAULT_CLOCK_SKEW_MS: String(ms) });

/**
 * Reminders fired before their time by the database's clock (`fired_at` is PostgreSQL's
 * `clock_timestamp()` at the claim), beyond the processor's tolerance: the check that holds whatever
 * the workers' clocks say (the inbox notice's `created_at` is the worker's clock).
 */
export async function firedEarlyByTheDatabase(query: Query): Promise<string[]> {
  const rows = await query<{ id: string; margin_ms: number }>(
    `SELECT id::text, (extract(epoch FROM fired_at - fire_at) * 1000)::float8 AS margin_ms
       FROM reminders WHERE state = 'fired' AND fired_at < fire_at - make_interval(secs => $1::float8 / 1000)`,
    [EARLY_TOLERANCE_MS],
  );
  return rows.map((r) => `${r.id}: ${Math.round(r.margin_ms)} ms before its time`);
}

/** How late the reminders of some tasks fired (by the database) and their deliveries arrived (by the sinks), in ms. */
export interface Lateness {
  fired: number;
  /** Median and largest lateness of a reminder's firing after its time. */
  firedMedianMs: number;
  firedMaxMs: number;
  delivered: number;
  /** Largest lateness of a delivery's arrival (its first receipt) after its reminder's time. */
  deliveredMaxMs: number;
}

export async function latenessOf(query: Query, taskTitles: string[], received: Received[]): Promise<Lateness> {
  const fired = await query<{ late_ms: number }>(
    `SELECT (extract(epoch FROM r.fired_at - r.fire_at) * 1000)::float8 AS late_ms
       FROM reminders r JOIN tasks t ON t.id = r.subject_id
      WHERE t.title = ANY($1) AND r.state = 'fired' ORDER BY 1`,
    [taskTitles],
  );
  const deliveries = await query<{ id: string; fire_at: Date }>(
    `SELECT dl.id::text, r.fire_at FROM reminders r JOIN tasks t ON t.id = r.subject_id
       JOIN notifications n ON n.dedupe_key = 'reminder:' || r.id JOIN deliveries dl ON dl.notification_id = n.id
      WHERE t.title = ANY($1) AND dl.channel IN ('email', 'webhook')`,
    [taskTitles],
  );
  const first = new Map<string, number>();
  for (const m of received) first.set(m.deliveryId, Math.min(first.get(m.deliveryId) ?? Number.POSITIVE_INFINITY, m.at));
  const delivered = deliveries.filter((d) => first.has(d.id)).map((d) => first.get(d.id)! - new Date(d.fire_at).getTime());
  return {
    fired: fired.length,
    firedMedianMs: Math.round(fired[Math.floor(fired.length / 2)]?.late_ms ?? 0),
    firedMaxMs: Math.round(fired.at(-1)?.late_ms ?? 0),
    delivered: delivered.length,
    deliveredMaxMs: Math.round(Math.max(0, ...delivered)),
  };
}

/**
 * Reminders of a task's earlier deadline that fired after the extension moving it had committed
 * (PostgreSQL's commit timestamp of the approval's journal event, which the move writes in its
 * transaction; needs `track_commit_timestamp`). The invariant's `stale` compares with the start of
 * the moving transaction, so it also counts a reminder claimed while the move was under way and
 * before it committed — which is a reminder that fired before the move, not after.
 */
export async function firedAfterTheMove(query: Query): Promise<string[]> {
  const rows = await query<{ id: string; after_ms: number }>(
    `SELECT r.id::text, (extract(epoch FROM r.fired_at - pg_xact_commit_timestamp(j.xmin)) * 1000)::float8 AS after_ms
       FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
       JOIN journal_events j ON j.stream_id::text = d.subject_id::text AND j.type = 'TaskExtensionApproved'
      WHERE r.state = 'fired' AND r.deadline_revision < d.revision AND r.fired_at > pg_xact_commit_timestamp(j.xmin)`,
  );
  return rows.map((r) => `${r.id}: fired ${Math.round(r.after_ms)} ms after the move committed`);
}

/**
 * Messages received more than once although their delivery was attempted only once. E-mails and
 * webhooks are at least once (a send whose outcome was lost is tried again under the same id, for
 * the receiver to fold); a second receipt without a second attempt would be a fault.
 */
export async function receivedTwiceFromOneAttempt(query: Query, received: Received[]): Promise<string[]> {
  const once = new Set((await query<{ id: string }>(`SELECT id::text FROM deliveries WHERE attempts <= 1 AND channel IN ('email', 'webhook')`)).map((d) => d.id));
  const counts = new Map<string, number>();
  for (const m of received) if (once.has(m.deliveryId)) counts.set(m.deliveryId, (counts.get(m.deliveryId) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id}: received ${n}× from one attempt`);
}
