import { type CallHandler, createParamDecorator, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
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

/** Answers that carry a `revision` get it as their ETag. */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number' && !response.headersSent) response.setHeader('ETag', etagOf(revision));
        return body;
      }),
    );
  }
}
