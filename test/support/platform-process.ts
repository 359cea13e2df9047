import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** `npm start` as a user runs it: the built entry point in a process of its own. */
export interface PlatformProcess {
  port: number;
  baseUrl: string;
  /** The start-up line (which mode runs, where the data lives). */
  line: string;
  output: () => string;
  /** Sends the signal and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `dist/apps/api/src/main.js` (npm test builds first) with the environment given on top of
 * this one, less DATABASE_URL and REDIS_URL unless given, and waits for its start-up line.
 */
export async function startPlatformProcess(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<PlatformProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const child: ChildProcess = spawn('node', ['dist/apps/api/src/main.js'], {
    env: { ...inherited, LOG_LEVEL: 'warn', KELISIM_WEBHOOK_ALLOW: '127.0.0.1/32', ...env, PORT: String(port), KELISIM_PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const look = () => {
      const found = output.split('\n').find((l) => /^Kelisim \(\w+\) is listening/.test(l));
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${code}) before it listened:\n${output}`));
    });
  });
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    line,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
