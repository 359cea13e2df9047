import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ValidationError } from '@kelisim/kernel';

export const etagOf = (revision: number): string => `"${revision}"`;

/** The revision a command expects, from `If-Match: "<revision>"` (a weak tag is accepted too). */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const header = ctx.switchToHttp().getRequest<Request>().headers['if-match'];
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new ValidationError('If-Match', 'If-Match must be an ETag this API returned, e.g. "3"');
  return Number(match[1]);
});

/** An answer that carries a `revision` gets it as its ETag (IdempotencyInterceptor calls this on every answer). */
export function withEtag<T>(response: Response, body: T): T {
  const revision = (body as { revision?: unknown } | null | undefined)?.revision;
  if (typeof revision === 'number' && !response.headersSent) response.setHeader('ETag', etagOf(revision));
  return body;
}
