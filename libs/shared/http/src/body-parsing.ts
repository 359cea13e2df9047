import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { negotiateLocale } from '@kelisim/kernel';
import { PROBLEM_BASE, PROBLEMS, localizedDetail } from './problem-catalogue.js';

/**
 * JSON body parsing with problem+json answers for malformed (400) and oversized (413) bodies; these
 * errors happen before Nest's exception filters can see them.
 */
export function jsonBodyParsing(limit: string): RequestHandler[] {
  const parser = express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  const onError = (error: { type?: string; status?: number }, req: Request, res: Response, next: NextFunction): void => {
    if (!error?.type && !error?.status) return next(error);
    const locale = negotiateLocale(req.headers['accept-language']);
    const tooLarge = error.type === 'entity.too.large' || error.status === 413;
    const kind = tooLarge ? PROBLEMS.tooLarge : PROBLEMS.malformed;
    const code = tooLarge ? 'REQUEST.TOO_LARGE' : 'REQUEST.MALFORMED_JSON';
    const problem = {
      type: PROBLEM_BASE + kind.slug,
      title: kind.title[locale],
      status: kind.status,
      detail: localizedDetail(code, locale, { limit }, tooLarge ? `The body exceeds ${limit}` : 'Malformed JSON'),
      code,
      instance: req.originalUrl,
      ...(tooLarge ? {} : { errors: [{ field: 'body', code: 'malformedJson', message: 'body is not valid JSON' }] }),
    };
    res.status(kind.status).type('application/problem+json').send(JSON.stringify(problem));
  };
  return [parser, onError as unknown as RequestHandler];
}
