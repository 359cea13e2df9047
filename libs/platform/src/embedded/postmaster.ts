import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A running PostgreSQL as its lock file `postmaster.pid` tells it: process, data directory, port. */
export interface Postmaster {
  pid: number;
  port: number;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
};

/** The command line of a process, where the system shows it (Linux's /proc); undefined elsewhere. */
async function commandLine(pid: number): Promise<string | undefined> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (text) => text.replace(/\0/g, ' '),
    () => undefined,
  );
}

/**
 * Reads the lock file of the data directory. A server that still runs there is returned; a lock
 * left by a server that is gone — killed with the machine, or by `kill -9` — is removed, and so is
 * one whose process number now belongs to another program (PostgreSQL would refuse to start on it).
 */
export async function runningPostmaster(pgdata: string): Promise<Postmaster | undefined> {
  const lock = join(pgdata, 'postmaster.pid');
  const text = await readFile(lock, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const [pidLine, dirLine, , portLine] = text.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  const command = Number.isInteger(pid) && pid > 0 && alive(pid) ? await commandLine(pid) : undefined;
  const ours = command === undefined ? Number.isInteger(pid) && pid > 0 && alive(pid) : /postgres/.test(command) && dirLine === pgdata;
  if (ours && Number.isInteger(port) && port > 0) return { pid, port };
  await rm(lock, { force: true });
  return undefined;
}

/** The Kelisim process that started the server (it stops it), or undefined when that process is gone. */
export async function liveOwner(ownerFile: string): Promise<number | undefined> {
  const pid = Number(await readFile(ownerFile, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return undefined;
  const command = await commandLine(pid);
  return command === undefined || /node/.test(command) ? pid : undefined;
}
