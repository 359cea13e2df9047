import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { AuthGuard, type AuthenticatedActor, RoleRequiredError } from '@kelisim/auth';
import { negotiateLocale } from '@kelisim/kernel';
import { toProblem } from '@kelisim/http';
import { QueueRegistry } from '@kelisim/queue';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
const TOKEN_COOKIE = 'kelisim_token';

/** bull-board at /admin/queues, for admins: a bearer token, or the console's cookie in a browser. */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: app.get(QueueRegistry).all().map((queue) => new BullMQAdapter(queue)), serverAdapter });
  const guard = app.get(AuthGuard);

  const adminOnly = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      if (!req.headers.authorization) {
        // cookie's parser leaves a value that is not valid percent-encoding as it is: a bad token (401), not a 500.
        const token = req.headers.cookie ? parseCookie(req.headers.cookie)[TOKEN_COOKIE] : undefined;
        if (token) req.headers.authorization = `Bearer ${token}`;
      }
      const actor: AuthenticatedActor = await guard.authenticate(req);
      if (!actor.roles.includes('admin')) throw new RoleRequiredError(['admin']);
      next();
    } catch (error) {
      const problem = toProblem(error, negotiateLocale(req.headers['accept-language']), req.originalUrl);
      res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    }
  };
  app.use(QUEUE_DASHBOARD_PATH, adminOnly, serverAdapter.getRouter());
}
