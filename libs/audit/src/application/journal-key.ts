import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type JournalConfig, type RunningConfig } from '@kelisim/config';
import { generateSigningKeyPem, NoteSigner } from '../domain/transparency/note-keys.js';

/**
 * Reads the journal's Ed25519 signing key (KELISIM_JOURNAL_KEY). With no path configured (never in
 * production) the key lives in the data directory and is generated there, once, with a log line
 * saying so. The key's name is the log's origin.
 */
export function loadJournalKey(config: JournalConfig, options: { generate: boolean; log?: (line: string) => void }): NoteSigner {
  let pem: string;
  try {
    pem = readFileSync(config.keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !config.generateKey || !options.generate) {
      throw new Error(`The journal's signing key ${config.keyPath} cannot be read (${(error as Error).message}); set KELISIM_JOURNAL_KEY to an Ed25519 PEM file.`);
    }
    mkdirSync(dirname(config.keyPath), { recursive: true });
    try {
      writeFileSync(config.keyPath, generateSigningKeyPem(), { mode: 0o600, flag: 'wx' });
      options.log?.(
        `Generated the journal's signing key at ${config.keyPath} (development only): keep it with the data; checkpoints signed with it are checked against it. In production set KELISIM_JOURNAL_KEY.`,
      );
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    pem = readFileSync(config.keyPath, 'utf8');
  }
  return NoteSigner.fromPem(config.origin, pem);
}

/** The installation's journal key, loaded once per process. */
@Injectable()
export class JournalKey {
  private readonly logger = new Logger('JournalKey');
  private loaded: NoteSigner | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: RunningConfig) {}

  get signer(): NoteSigner {
    this.loaded ??= loadJournalKey(this.config.journal, { generate: true, log: (line) => this.logger.warn(line) });
    return this.loaded;
  }

  get origin(): string {
    return this.config.journal.origin;
  }
}
