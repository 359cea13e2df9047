import type { INestApplication } from '@nestjs/common';
import { parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { AuthGuard, RoleRequiredError } from '@kelisim/auth';
import { negotiateLocale, type Role } from '@kelisim/kernel';
import { toProblem } from '@kelisim/http';

const TOKEN_COOKIE = 'kelisim_token';

/**
 * Express middleware for pages outside Nest's routes (bull-board, the OpenAPI document): a bearer
 * token, or the console's cookie in a browser; with `role`, only its holders. Refusals are problem+json.
 */
export function signedInOnly(app: INestApplication, role?: Role) {
  const guard = app.get(AuthGuard);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (!req.headers.authorization) {
        // cookie's parser leaves a value that is not valid percent-encoding as it is: a bad token (401), not a 500.
        const token = req.headers.cookie ? parseCookie(req.headers.cookie)[TOKEN_COOKIE] : undefined;
        if (token) req.headers.authorization = `Bearer ${token}`;
      }
      const actor = await guard.authenticate(req);
      if (role && !actor.roles.includes(role)) throw new RoleRequiredError([role]);
      next();
    } catch (error) {
      const problem = toProblem(error, negotiateLocale(req.headers['accept-language']), req.originalUrl);
      res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    }
  };
}
