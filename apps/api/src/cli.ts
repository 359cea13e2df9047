import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { ConfigurationError, ensureDatabase, loadConfig, type RunningConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { exportJournal, type JournalVerdict, loadJournalKey, NoteVerifier, verifyExport, verifyStoredJournal } from '@kelisim/audit';
import { dataSourceOptions } from '@kelisim/persistence';
import { migrateDatabase, startServices } from '@kelisim/platform';

const USAGE = `Kelisim command line
  kelisim audit:verify [--checkpoint NOTE]
                         recompute the journal in Node: every hash, stream chain, checkpoint root and
                         signature; NOTE is a file with a signed checkpoint a witness kept (exit 1 when broken)
  kelisim audit:verify --file FILE [--checkpoint NOTE] [--key VERIFIER_KEY]
                         the same on an export, with no database (the key: --key, else KELISIM_JOURNAL_KEY's)
  kelisim audit:export FILE
                         write the journal and its checkpoints as JSON Lines
  kelisim migrate        create the database if missing and run pending migrations
  kelisim dump <file>    write the whole database with pg_dump (custom format) to <file>, to restore elsewhere
With DATABASE_URL unset each command works on the embedded PostgreSQL (started for it when it is not running).`;

async function main(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'audit:verify' && command !== 'audit:export' && command !== 'migrate' && command !== 'dump') {
    console.log(USAGE);
    return command ? 2 : 0;
  }
  if (command === 'audit:verify' && option(args, '--file')) return verifyFile(args);
  if (command === 'audit:export' && args.length !== 1) {
    console.error('Usage: kelisim audit:export <file>');
    return 2;
  }
  if (command === 'dump' && args.length !== 1) {
    console.error('Usage: kelisim dump <file>');
    return 2;
  }
  const services = await startServices(loadConfig());
  try {
    return await run(command, args, services.config);
  } finally {
    await services.stop();
  }
}

async function run(command: 'audit:verify' | 'audit:export' | 'migrate' | 'dump', args: string[], config: RunningConfig): Promise<number> {
  switch (command) {
    case 'audit:verify': {
      const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
      try {
        const key = loadJournalKey(config.journal, { generate: false }).verifier;
        return report(await verifyStoredJournal(dataSource, key, { witness: witnessNotes(args) }));
      } finally {
        await dataSource.destroy();
      }
    }
    case 'audit:export': {
      const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
      const out = createWriteStream(args[0]);
      try {
        const key = loadJournalKey(config.journal, { generate: false }).verifier;
        const count = await exportJournal(dataSource, key, async (line) => {
          if (!out.write(line)) await once(out, 'drain');
        });
        out.end();
        await once(out, 'finish');
        console.log(`Wrote ${count} events and their checkpoints to ${args[0]}; check it with: npm run audit:verify -- --file ${args[0]}`);
        return 0;
      } finally {
        out.end();
        await dataSource.destroy();
      }
    }
    case 'migrate': {
      const applied = await migrateDatabase(config);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    case 'dump':
      await ensureDatabase(config.databaseUrl);
      return pgDump(config.databaseUrl, args[0]);
  }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function witnessNotes(args: string[]): string[] {
  const file = option(args, '--checkpoint');
  // A note saved from an e-mail witness's digest has the mail's CRLF line ends; the note is signed with LF.
  return file ? [readFileSync(file, 'utf8').replace(/\r\n/g, '\n')] : [];
}

/** The verdict as JSON on stdout; what broke in kk, ru and en on stderr; the exit code. */
function report(verdict: JournalVerdict): number {
  console.log(JSON.stringify(verdict));
  if (verdict.message) console.error([verdict.message.kk, verdict.message.ru, verdict.message.en].join('\n'));
  return verdict.ok ? 0 : 1;
}

/** Verifies an export with no database. The key: --key, else the configured key file, else the export's own (said so). */
async function verifyFile(args: string[]): Promise<number> {
  const file = option(args, '--file')!;
  const given = option(args, '--key');
  let configured: NoteVerifier | null = null;
  if (!given) {
    try {
      configured = loadJournalKey(loadConfig().journal, { generate: false }).verifier;
    } catch {
      configured = null;
    }
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const verdict = await verifyExport(
    lines,
    (header) => {
      if (given) return NoteVerifier.parse(given);
      if (configured) return configured;
      console.error(`No --key and no journal key here: trusting the key the export names (${header.verifierKey}). Pass --key with the key published by the installation.`);
      return NoteVerifier.parse(header.verifierKey);
    },
    witnessNotes(args),
  );
  return report(verdict);
}

/** pg_dump from the PATH (a PostgreSQL client of the server's major version or newer), password through the environment. */
function pgDump(databaseUrl: string, file: string): Promise<number> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return new Promise((resolve) => {
    const child = spawn('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, url.toString()], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, PGPASSWORD: password },
    });
    child.on('error', (error) => {
      console.error(`pg_dump could not run (${error.message}): install a PostgreSQL client (e.g. 'apt-get install postgresql-client').`);
      resolve(1);
    });
    child.on('close', (code) => {
      if (code === 0) console.log(`Wrote ${file}: restore it with pg_restore --no-owner -d <external database> ${file}`);
      resolve(code ?? 1);
    });
  });
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError;
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  },
);
