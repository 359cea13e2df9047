import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type Locale, negotiateLocale } from '@kelisim/kernel';
import { PROBLEM_BASE, PROBLEMS, type ProblemKind, localizedDetail } from './problem-catalogue.js';
import { serializeError } from './error-serializer.js';
import { type FieldError, RequestValidationError } from './request-validation.error.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
}

const DOMAIN_KINDS: Record<DomainError['kind'], ProblemKind> = {
  'invalid-transition': PROBLEMS.invalidTransition,
  conflict: PROBLEMS.conflict,
  forbidden: PROBLEMS.forbidden,
  'not-found': PROBLEMS.notFound,
  validation: PROBLEMS.validation,
  'stale-revision': PROBLEMS.staleRevision,
  unauthorized: PROBLEMS.unauthorized,
  'too-many-requests': PROBLEMS.tooManyRequests,
  'idempotency-mismatch': PROBLEMS.idempotencyMismatch,
  'signature-refused': PROBLEMS.signatureRefused,
  unavailable: PROBLEMS.unavailable,
};

const HTTP_KINDS: Record<number, ProblemKind> = {
  400: PROBLEMS.validation,
  401: PROBLEMS.unauthorized,
  403: PROBLEMS.forbidden,
  404: PROBLEMS.notFound,
  409: PROBLEMS.conflict,
  412: PROBLEMS.staleRevision,
  413: PROBLEMS.tooLarge,
  415: PROBLEMS.unsupportedMedia,
  422: PROBLEMS.idempotencyMismatch,
  429: PROBLEMS.tooManyRequests,
  503: PROBLEMS.unavailable,
};

/** Errors of PostgreSQL, its driver, or ioredis that mean "a service is away", not "a bug". */
export function outageOf(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string; name?: string; driverError?: unknown };
  const message = e?.message ?? '';
  if (e?.driverError) return outageOf(e.driverError);
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300'].includes(e?.code ?? '')) {
    return /redis/i.test(message) ? 'Redis' : 'PostgreSQL';
  }
  if (/Connection terminated|timeout exceeded when trying to connect|Connection is closed|connect ECONNREFUSED|encountered a connection error and is not queryable/i.test(message)) {
    return /redis|6379/i.test(message) ? 'Redis' : 'PostgreSQL';
  }
  if (
    e?.name === 'MaxRetriesPerRequestError' ||
    e?.name === 'ClusterAllFailedError' ||
    /enableOfflineQueue|Stream isn't writeable|MaxRetriesPerRequest|CLUSTERDOWN|Failed to refresh slots cache/i.test(message)
  ) {
    return 'Redis';
  }
  return undefined;
}

/** Turns everything a request can throw into RFC 9457 problem+json. Nothing leaves as HTML or a bare 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { user?: { locale?: Locale } }>();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    const locale = request.user?.locale ?? negotiateLocale(request.headers['accept-language']);
    const problem = toProblem(exception, locale, request.originalUrl ?? request.url);
    if (problem.status >= 500 && problem.status !== 503) {
      // Never the error object itself: a database error carries the SQL with its values inlined.
      this.logger.error({ err: serializeError(exception) }, `Unhandled error on ${request.method} ${request.route?.path ?? 'unrouted'}`);
    }
    if (problem.status === 429 && exception instanceof DomainError && exception.params.retryAfter) {
      response.setHeader('Retry-After', String(exception.params.retryAfter));
    }
    if (problem.status === 503) response.setHeader('Retry-After', '5');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

export function toProblem(exception: unknown, locale: Locale, instance?: string): Problem {
  const build = (kind: ProblemKind, code: string, detail: string, errors?: FieldError[]): Problem => ({
    type: PROBLEM_BASE + kind.slug,
    title: kind.title[locale],
    status: kind.status,
    detail,
    code,
    instance,
    ...(errors ? { errors } : {}),
  });

  if (exception instanceof RequestValidationError) {
    const fields = [...new Set(exception.errors.map((e) => e.field))].join(', ');
    return build(PROBLEMS.validation, 'REQUEST.INVALID', localizedDetail('REQUEST.INVALID', locale, { fields }, exception.message), exception.errors);
  }
  if (exception instanceof DomainError) {
    const kind = DOMAIN_KINDS[exception.kind];
    const detail = localizedDetail(exception.code, locale, exception.params, exception.message);
    const errors =
      (exception.kind === 'validation' || exception.kind === 'conflict') && exception.params.field
        ? [{ field: String(exception.params.field), code: exception.code, message: exception.message }]
        : undefined;
    return build(kind, exception.code, detail, errors);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const kind = HTTP_KINDS[status] ?? (status >= 500 ? PROBLEMS.internal : PROBLEMS.validation);
    if (status === 404) {
      return build(kind, 'REQUEST.ROUTE_NOT_FOUND', localizedDetail('REQUEST.ROUTE_NOT_FOUND', locale, { path: instance ?? '' }, exception.message));
    }
    return build({ ...kind, status }, `HTTP.${status}`, exception.message);
  }
  const service = outageOf(exception);
  if (service) {
    return build(PROBLEMS.unavailable, 'SERVICE.UNAVAILABLE', localizedDetail('SERVICE.UNAVAILABLE', locale, { service }, `${service} is unreachable`));
  }
  const pgCode = (exception as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (exception as { code?: string })?.code;
  if (pgCode === '23505') return build(PROBLEMS.conflict, 'CONFLICT.DUPLICATE', 'A resource with the same unique key already exists.');
  if (pgCode === '40001' || pgCode === '40P01') {
    return build(PROBLEMS.conflict, 'CONCURRENT_CHANGE', localizedDetail('CONCURRENT_CHANGE', locale, { streamType: 'resource' }, 'A concurrent change won; retry.'));
  }
  return build(PROBLEMS.internal, 'INTERNAL', 'An unexpected error occurred; it has been logged.');
}
