import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { ConfigurationError, ensureDatabase, loadConfig, type RunningConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { dataSourceOptions, verifyJournal } from '@kelisim/persistence';
import { migrateDatabase, startServices } from '@kelisim/platform';

const USAGE = `Kelisim command line
  kelisim audit:verify   check the journal's hash chain (exit 1 when broken)
  kelisim migrate        create the database if missing and run pending migrations
  kelisim dump <file>    write the whole database with pg_dump (custom format) to <file>, to restore elsewhere
With DATABASE_URL unset each command works on the embedded PostgreSQL (started for it when it is not running).`;

async function main(command: string | undefined, args: string[]): Promise<number> {
  if (command !== 'audit:verify' && command !== 'migrate' && command !== 'dump') {
    console.log(USAGE);
    return command ? 2 : 0;
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

async function run(command: 'audit:verify' | 'migrate' | 'dump', args: string[], config: RunningConfig): Promise<number> {
  switch (command) {
    case 'audit:verify': {
      const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
      try {
        const verdict = await verifyJournal(dataSource);
        console.log(JSON.stringify(verdict));
        if (!verdict.ok) console.error(`The journal is broken at position ${verdict.firstBrokenAt}: ${verdict.reason}.`);
        return verdict.ok ? 0 : 1;
      } finally {
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
