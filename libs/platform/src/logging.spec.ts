import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pinoHttp } from 'pino-http';
import { QueryFailedError } from 'typeorm';
import { loadConfig } from '@kelisim/config';
import { serializeError } from '@kelisim/http';
import { loggerOptions } from './logging.js';

const SECRET = 'kelisim-known-secret-5f3a9c';

/** Runs one request through pino-http with Kelisim's options and returns the log lines written. */
async function logOf(path: string, handle: (res: import('node:http').ServerResponse) => void): Promise<string> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(chunk.toString('utf8')), done()) });
  const options = loggerOptions(loadConfig({ LOG_LEVEL: 'info' })).pinoHttp as Parameters<typeof pinoHttp>[0];
  const logger = pinoHttp(options as never, sink);
  const server = createServer((req, res) => {
    logger(req, res);
    handle(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers: { authorization: `Bearer ${SECRET}` } });
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  return lines.join('');
}

describe('logs', () => {
  it('RequestLog_OfACalendarFeed_CarriesNeitherItsTokenNorTheQuery', async () => {
    const log = await logOf(`/api/v1/calendar-feeds/${SECRET}.ics?token=${SECRET}`, (res) => res.end('ok'));
    expect(log).toContain('/api/v1/calendar-feeds/[redacted]');
    expect(log).not.toContain(SECRET);
  });

  it('ErrorLog_OfAFailedQuery_CarriesTheSqlStateNotTheSqlNorItsValues', () => {
    const driverError = Object.assign(new Error(`new row for relation "webhook_endpoints" violates check constraint "forced" DETAIL: (${SECRET})`), {
      code: '23514',
      severity: 'ERROR',
      constraint: 'forced',
      table: 'webhook_endpoints',
      detail: `Failing row contains (${SECRET}).`,
    });
    const error = new QueryFailedError(`INSERT INTO webhook_endpoints (secret) VALUES ('${SECRET}')`, [SECRET], driverError);
    const logged = JSON.stringify(serializeError(error));
    expect(logged).not.toContain(SECRET);
    expect(JSON.parse(logged)).toMatchObject({ type: 'QueryFailedError', sqlState: '23514', constraint: 'forced', table: 'webhook_endpoints' });
  });
});
