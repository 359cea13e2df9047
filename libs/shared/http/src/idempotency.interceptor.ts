import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, lastValueFrom, map, type Observable } from 'rxjs';
import { DomainError, ValidationError } from '@kelisim/kernel';
import type { AuthenticatedActor } from '@kelisim/auth';
import { canonicalJson, UnitOfWork } from '@kelisim/persistence';
import { etagOf, withEtag } from './revision.js';

export class IdempotencyKeyReusedError extends DomainError {
  readonly kind = 'idempotency-mismatch';
  constructor() {
    super('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different request.');
  }
}

interface StoredAnswer {
  request_hash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * `Idempotency-Key` on commands: the key is claimed in the command's own transaction, so a repeat
 * (even a concurrent one, which waits on the key's row) returns the stored first answer and changes
 * nothing; a failed command stores nothing and may be retried with the same key.
 *
 * It also gives every answer that carries a `revision` its ETag (`withEtag`), inside the key's
 * transaction, so the stored answer has it too. One interceptor rather than two: each costs every
 * request an rxjs pipeline and an async resource of Nest's (about 3 % of a command's CPU).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly uow: UnitOfWork) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedActor }>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.headers['idempotency-key'];
    if (key === undefined || request.method === 'GET' || !request.user) return next.handle().pipe(map((body) => withEtag(response, body)));
    if (typeof key !== 'string' || key.length < 1 || key.length > 255) {
      throw new ValidationError('Idempotency-Key', 'Idempotency-Key must be 1 to 255 characters');
    }
    const actor = request.user;
    const requestHash = createHash('sha256')
      .update(canonicalJson([request.method, request.originalUrl, request.body ?? null]))
      .digest('hex');

    return from(
      this.uow.run(actor, async () => {
        const claimed = (await this.uow.query(
          `INSERT INTO idempotency_keys (actor_id, key, request_hash, status) VALUES ($1, $2, $3, 0)
           ON CONFLICT DO NOTHING RETURNING key`,
          [actor.userId, key, requestHash],
        )) as unknown[];
        if (claimed.length === 0) return this.replay(actor.userId, key, requestHash, response);

        const body = await lastValueFrom(next.handle().pipe(map((answer) => withEtag(response, answer))), { defaultValue: undefined });
        const headers: Record<string, string> = {};
        const revision = (body as { revision?: unknown } | undefined)?.revision;
        if (typeof revision === 'number') headers.ETag = etagOf(revision);
        const location = response.getHeader('Location');
        if (typeof location === 'string') headers.Location = location;
        await this.uow.query(
          `UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE actor_id = $1 AND key = $2`,
          [actor.userId, key, response.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)],
        );
        return body;
      }),
    );
  }

  private async replay(actorId: string, key: string, requestHash: string, response: Response): Promise<unknown> {
    const [stored] = (await this.uow.query(
      `SELECT request_hash, status, body, headers FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    )) as StoredAnswer[];
    if (stored.request_hash !== requestHash) throw new IdempotencyKeyReusedError();
    // The first answer's status too: a command may answer 201 or, having accepted work for later, 202.
    if (stored.status >= 200) response.status(stored.status);
    for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
    response.setHeader('Idempotent-Replayed', 'true');
    return stored.body;
  }
}
