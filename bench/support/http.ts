/** HTTP clients against the platform, run in a worker thread so they do not share the server's event loop. */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/** One request to the platform on `agent` (keep-alive): status and body text. Rejects on a transport error. */
export function httpRequest(
  agent: http.Agent,
  port: number,
  token: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** What closedLoop counted. */
export interface ClosedLoopResult {
  /** Expected answers completed inside the measured window. */
  created: number;
  /** Every expected answer, warm-up and tail included. */
  createdTotal: number;
  /** Other answers by status, anywhere in the run. */
  unexpected: Record<string, number>;
  firstUnexpected: string | null;
  errors: number;
  firstError: string | null;
  /** Milliseconds, of the requests completed inside the measured window. */
  latencies: number[];
}

/**
 * `connections` clients, each sending `send(body(client, i))` back to back from now until the end of
 * warm-up + measured window: counts the answers with status `expected` completed inside the window
 * (and their latencies, the body built before the clock starts), every other answer and transport error.
 */
export async function closedLoop(options: {
  connections: number;
  warmupMs: number;
  durationMs: number;
  body: (client: number, i: number) => string;
  /** Sends one request of client `client` (0 … connections − 1). */
  send: (body: string, client: number) => Promise<{ status: number; text: string }>;
  expected?: number;
  /** How much of the first unexpected answer's text to keep. */
  textLimit?: number;
}): Promise<ClosedLoopResult> {
  const { connections, body, send, expected = 201, textLimit = 500 } = options;
  const result: ClosedLoopResult = { created: 0, createdTotal: 0, unexpected: {}, firstUnexpected: null, errors: 0, firstError: null, latencies: [] };
  const windowStart = performance.now() + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const client = async (id: number): Promise<void> => {
    for (let i = 0; performance.now() < windowEnd; i++) {
      const payload = body(id, i);
      const sent = performance.now();
      try {
        const { status, text } = await send(payload, id);
        const done = performance.now();
        if (status === expected) {
          result.createdTotal++;
          if (done >= windowStart && done <= windowEnd) {
            result.created++;
            result.latencies.push(done - sent);
          }
        } else {
          result.unexpected[status] = (result.unexpected[status] ?? 0) + 1;
          result.firstUnexpected ??= `${status} ${text.slice(0, textLimit)}`;
        }
      } catch (error) {
        result.errors++;
        result.firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, id) => client(id)));
  return result;
}

/**
 * Runs `data` through the module `moduleUrl` in a worker thread (whose side is serveWorker) and
 * resolves with its result; rejects with its error or when it exits without one.
 */
export function inWorker<T>(moduleUrl: string | URL, data: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(moduleUrl), { workerData: data });
    worker.once('message', (message: { ok: true; result: T } | { ok: false; error: string }) =>
      message.ok ? resolve(message.result) : reject(new Error(message.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

/** The worker thread's side of inWorker: runs `work` on the workerData and posts back its result or error. */
export function serveWorker<J, T>(work: (job: J) => Promise<T>): void {
  work(workerData as J).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (error: Error) => parentPort!.postMessage({ ok: false, error: error.message }),
  );
}

/** A transport floor's bare server: the request's body as text, and the answer to send with it (status, JSON). */
export type FloorHandler = (request: http.IncomingMessage, body: string) => Promise<{ status: number; body: unknown }>;

/**
 * Serves `handle` with a bare node:http server on 127.0.0.1 (any free port): no framework, the body
 * read whole, the answer as JSON, a failure as 500 with its message. `close` ends the server's
 * connections and then `pool` (the floor's pg pool).
 */
export async function serveFloor(handle: FloorHandler, pool: { end(): Promise<void> }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request, Buffer.concat(chunks).toString()).then(
        ({ status, body }) => {
          const text = JSON.stringify(body);
          response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
        },
        (error: Error) => void response.writeHead(500).end(error.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  };
  return { port: (server.address() as { port: number }).port, close };
}
