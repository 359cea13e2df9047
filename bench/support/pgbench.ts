/** pgbench, the ceiling most benches measure against, and the processes it runs in. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Runs a program to its end and collects its output; `input`, when given, writes its stdin. */
export function runProcess(
  command: string,
  args: string[],
  input?: (stdin: NodeJS.WritableStream) => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input && child.stdin) input(child.stdin).then(() => child.stdin!.end(), reject);
  });
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number | null;
  /** The command line, the database left out. */
  command: string;
}

/**
 * `pgbench -n -M simple -c <clients> -j <min(2, clients)> -T <seconds> -D <name=value>… -f <script>[@weight]…`
 * against `databaseUrl` (the binary from PGBENCH, else `pgbench` on the PATH), and its figures.
 * Throws when pgbench fails or prints no tps.
 */
export async function runPgbench(options: {
  databaseUrl: string;
  /** One script, or several run at their weights (`-f <path>@<weight>`): a mix of commands. */
  script: string | { path: string; weight: number }[];
  clients: number;
  seconds: number;
  defines: Record<string, string | number>;
  /** Which journal append the scripts' `/*@journal_append*\/` blocks become (the platform's by default). */
  append?: JournalAppend;
}): Promise<PgbenchResult> {
  const { databaseUrl, script, clients, seconds, defines, append = 'platform' } = options;
  const given = typeof script === 'string' ? [{ path: script, weight: 0 }] : script;
  for (const { path } of given) if (!existsSync(path)) throw new Error(`pgbench script not found at ${path}`);
  const rendered = await mkdtemp(join(tmpdir(), 'kelisim-pgbench-'));
  const scripts = await Promise.all(
    given.map(async ({ path, weight }, i) => {
      const out = join(rendered, `${i}-${basename(path)}`);
      await writeFile(out, await renderPgbenchScript(await readFile(path, 'utf8'), dirname(path), append));
      return { path: out, weight };
    }),
  );
  const threads = Math.max(1, Math.min(2, clients));
  const args = ['-n', '-M', 'simple', '-c', String(clients), '-j', String(threads), '-T', String(seconds)];
  for (const [name, value] of Object.entries(defines)) args.push('-D', `${name}=${value}`);
  for (const { path, weight } of scripts) args.push('-f', weight > 0 ? `${path}@${weight}` : path);
  args.push(databaseUrl);
  const { code, stdout, stderr } = await runProcess(process.env.PGBENCH ?? 'pgbench', args).finally(() =>
    rm(rendered, { recursive: true, force: true }),
  );
  if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${stderr}\n${stdout}`);
  const number = (pattern: RegExp): number | null => {
    const match = pattern.exec(stdout);
    return match ? Number(match[1]) : null;
  };
  const tps = number(/^tps = ([\d.]+)/m);
  if (tps === null) throw new Error(`cannot read tps from pgbench output:\n${stdout}`);
  return {
    tps,
    transactions: number(/number of transactions actually processed: (\d+)/) ?? 0,
    failed: number(/number of failed transactions: (\d+)/) ?? 0,
    latencyAvgMs: number(/latency average = ([\d.]+) ms/),
    command: `pgbench ${args.map((a) => (a === databaseUrl ? '<database>' : a)).join(' ')}`,
  };
}

/**
 * Which append a script's journal blocks become: the platform's (`JOURNAL_APPEND_SQL`, per-stream
 * chains, the hashes computed in Node) or the old design's — the reference ceiling of issue 11.
 */
export type JournalAppend = 'platform' | 'global-lock';

/**
 * The journal append of the design before per-stream chains, kept as the reference ceiling (load
 * bench/global-lock-reference.init.sql first; it lives in a schema of its own next to the new
 * journal): ONE chain over the whole installation under a head row locked until commit, each
 * event's hash computed in SQL by `journal_hash()` from the previous event's, and the outbox's
 * NOTIFY in the transaction — as every command appended until then. Takes the same $1…$7 as
 * `JOURNAL_APPEND_SQL` (the hashes, $8 and $9, are what it computes).
 */
export const GLOBAL_LOCK_APPEND_SQL = `
WITH RECURSIVE
  input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::uuid[], $7::timestamptz[])
      WITH ORDINALITY AS i(stream_id, stream_type, version, type, payload, actor_id, occurred_at, ord)),
  head AS (SELECT position, hash::text AS hash FROM global_lock_reference.journal_head WHERE id = 1 FOR UPDATE),
  chain AS (
    SELECT i.ord, h.position + 1 AS position, h.hash AS prev_hash,
           global_lock_reference.journal_hash(h.hash, h.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at) AS hash
      FROM head h JOIN input i ON i.ord = 1
    UNION ALL
    SELECT i.ord, c.position + 1, c.hash,
           global_lock_reference.journal_hash(c.hash, c.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at)
      FROM chain c JOIN input i ON i.ord = c.ord + 1),
  inserted AS (
    INSERT INTO global_lock_reference.journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
    SELECT c.position, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at, c.hash, c.prev_hash
      FROM chain c JOIN input i USING (ord)
    RETURNING position, stream_id),
  outboxed AS (INSERT INTO global_lock_reference.outbox (position, stream_id) SELECT position, stream_id FROM inserted RETURNING position),
  moved AS (
    UPDATE global_lock_reference.journal_head SET position = last.position, hash = last.hash
      FROM (SELECT position, hash FROM chain ORDER BY ord DESC LIMIT 1) last WHERE journal_head.id = 1)
SELECT pg_notify('kelisim_outbox_reference', (SELECT count(*) FROM outboxed)::text)`;

/** Loads the old design's journal (bench/global-lock-reference.init.sql) into the database, for `append: 'global-lock'`. */
export async function loadGlobalLockReference(databaseUrl: string, root: string): Promise<void> {
  const { code, stderr } = await runProcess('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', join(root, 'bench/global-lock-reference.init.sql'), databaseUrl]);
  if (code !== 0) throw new Error(`psql -f global-lock-reference.init.sql exited with ${code}: ${stderr}`);
}

/**
 * A pgbench script with its journal appends written in: a block
 *
 *     /*@journal_append
 *     $0 = <a CTE put before the append's own, optional>
 *     $1 = <stream ids> … $7 = <occurred at> [$8 = <hashes> $9 = <previous hashes>]
 *     @*\/
 *
 * becomes the platform's own append statement (`JOURNAL_APPEND_SQL` of @kelisim/persistence) with
 * each $n replaced by the pgbench expression given for it, as the platform replaces it with a
 * literal: the scripts cannot drift from the statement they measure. With `append: 'global-lock'`
 * it becomes the old design's append instead (GLOBAL_LOCK_APPEND_SQL, $8 and $9 unused), the rest
 * of the script unchanged: the same command under the old journal. `/*@include <file>*\/` writes in
 * a part shared by scripts (a file next to the script).
 */
export async function renderPgbenchScript(template: string, dir: string, append: JournalAppend = 'platform'): Promise<string> {
  const { JOURNAL_APPEND_SQL } = await import('@kelisim/persistence');
  let text = template;
  for (const [block, name] of template.matchAll(/\/\*@include ([\w.-]+)\*\//g)) text = text.replace(block, await readFile(join(dir, name), 'utf8'));
  return text.replace(/\/\*@journal_append\n([\s\S]*?)@\*\//g, (_, block: string) => {
    const args = new Map<number, string>();
    for (const part of block.split(/^(?=\$\d\s*=)/m)) {
      const match = /^\$(\d)\s*=\s*([\s\S]*)$/.exec(part.trim());
      if (match) args.set(Number(match[1]), match[2].trim());
    }
    for (let n = 1; n <= 7; n++) if (!args.has(n)) throw new Error(`a journal_append block without $${n}`);
    // The hashes ($8, $9) are computed in Node and sent as literals: here 64 random hex digits per event.
    const hexes = `(SELECT array_agg(md5(random()::text) || md5(random()::text)) FROM generate_series(1, cardinality(${args.get(1)})))`;
    for (const n of [8, 9]) if (!args.has(n)) args.set(n, hexes);
    const template = append === 'platform' ? JOURNAL_APPEND_SQL : GLOBAL_LOCK_APPEND_SQL;
    const statement = template.trim().replace(/\$(\d+)/g, (__, n: string) => args.get(Number(n))!);
    const extra = args.get(0);
    return extra ? statement.replace(/^WITH (RECURSIVE)?\s*/, (head) => `${head.trimEnd()} ${extra},\n`) : statement;
  });
}
