import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigurationError, ensureDatabase, loadConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { dataSourceOptions, runMigrations, verifyJournal } from '@kelisim/persistence';
import { allMigrations } from '@kelisim/platform';

const USAGE = `Kelisim command line
  kelisim audit:verify   check the journal's hash chain (exit 1 when broken)
  kelisim migrate        create the database if missing and run pending migrations`;

async function main(command: string | undefined): Promise<number> {
  const config = loadConfig();
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
      await ensureDatabase(config.databaseUrl);
      const applied = await runMigrations(config.databaseUrl, allMigrations);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    default:
      console.log(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError;
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  },
);
