import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { negotiateLocale } from '@kelisim/kernel';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './input-screening.js';
import { PROBLEM_BASE, PROBLEMS, localizedDetail } from './problem-catalogue.js';

/** Raised by the depth pre-scan, before JSON.parse: body-parser answers it with its status and type. */
class TooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/**
 * JSON body parsing with problem+json answers for malformed (400), too deeply nested (400, found by
 * a scan of the raw bytes before parsing: a 10,000-deep body costs one pass, not a parse and a
 * validation) and oversized (413) bodies; these errors happen before Nest's exception filters can see them.
 */
export function jsonBodyParsing(limit: string): RequestHandler[] {
  const parser = express.json({
    limit,
    strict: true,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, body) => {
      if (jsonDepthExceeds(body)) throw new TooDeepError();
    },
  });
  const onError = (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction): void => {
    if (!error?.type && !error?.status) return next(error);
    const locale = negotiateLocale(req.headers['accept-language']);
    const tooLarge = error.type === 'entity.too.large' || error.status === 413;
    const tooDeep = error.type === 'entity.too.deep';
    const kind = tooLarge ? PROBLEMS.tooLarge : PROBLEMS.malformed;
    const code = tooLarge ? 'REQUEST.TOO_LARGE' : tooDeep ? 'REQUEST.TOO_DEEP' : 'REQUEST.MALFORMED_JSON';
    const fallback = tooLarge ? `The body exceeds ${limit}` : tooDeep ? `JSON nested deeper than ${MAX_JSON_DEPTH} levels` : 'Malformed JSON';
    const problem = {
      type: PROBLEM_BASE + kind.slug,
      title: kind.title[locale],
      status: kind.status,
      detail: localizedDetail(code, locale, { limit, depth: MAX_JSON_DEPTH }, fallback),
      code,
      instance: req.originalUrl,
      ...(tooLarge
        ? {}
        : tooDeep
          ? { errors: [{ field: 'body', code: 'tooDeep', message: `body nests deeper than ${MAX_JSON_DEPTH} levels` }] }
          : { errors: [{ field: 'body', code: 'malformedJson', message: 'body is not valid JSON' }] }),
    };
    res.status(kind.status).type('application/problem+json').send(JSON.stringify(problem));
  };
  return [parser, onError as unknown as RequestHandler];
}
