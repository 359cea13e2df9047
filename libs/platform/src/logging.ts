import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '@kelisim/config';
import { serializeError } from '@kelisim/http';

/**
 * A request as logged: the path without its query (which may carry search text or a token) and a
 * calendar feed's secret file name replaced, since that URL is the credential.
 */
export function withoutSecrets(req: { url?: string; params?: unknown; query?: unknown } & Record<string, unknown>): Record<string, unknown> {
  const path = (req.url ?? '').split('?')[0].replace(/(\/calendar-feeds\/)[^/]*/, '$1[redacted]');
  const { params: _params, query: _query, ...rest } = req;
  return { ...rest, url: path };
}

/** JSON logs with a request id; tokens, cookies, passwords and feed tokens never reach them. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Any error a log line carries, by code and message, never a database error's SQL or parameters.
      serializers: { err: serializeError, req: withoutSecrets },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword'],
        censor: '[redacted]',
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
    },
  };
}
