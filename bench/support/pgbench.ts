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
}): Promise<PgbenchResult> {
  const { databaseUrl, script, clients, seconds, defines } = options;
  const given = typeof script === 'string' ? [{ path: script, weight: 0 }] : script;
  for (const { path } of given) if (!existsSync(path)) throw new Error(`pgbench script not found at ${path}`);
  const rendered = await mkdtemp(join(tmpdir(), 'kelisim-pgbench-'));
  const scripts = await Promise.all(
    given.map(async ({ path, weight }, i) => {
      const out = join(rendered, `${i}-${basename(path)}`);
      await writeFile(out, await renderPgbenchScript(await readFile(path, 'utf8'), dirname(path)));
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
 * A pgbench script with its journal appends written in: a block
 *
 *     /*@journal_append
 *     $0 = <a CTE put before the append's own, optional>
 *     $1 = <stream ids> … $7 = <occurred at> [$8 = <hashes> $9 = <previous hashes>]
 *     @*\/
 *
 * becomes the platform's own append statement (`JOURNAL_APPEND_SQL` of @kelisim/persistence) with
 * each $n replaced by the pgbench expression given for it, as the platform replaces it with a
 * literal: the scripts cannot drift from the statement they measure. `/*@include <file>*\/` writes in
 * a part shared by scripts (a file next to the script).
 */
export async function renderPgbenchScript(template: string, dir: string): Promise<string> {
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
    const statement = JOURNAL_APPEND_SQL.trim().replace(/\$(\d+)/g, (__, n: string) => args.get(Number(n))!);
    const extra = args.get(0);
    return extra ? statement.replace(/^WITH /, `WITH ${extra},\n`) : statement;
  });
}
