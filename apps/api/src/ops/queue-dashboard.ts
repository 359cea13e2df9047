import type { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { QueueRegistry } from '@kelisim/queue';
import { signedInOnly } from './signed-in.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** bull-board at /admin/queues, for admins: a bearer token, or the console's cookie in a browser. */
export function mountQueueDashboard(app: INestApplication): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: app.get(QueueRegistry).all().map((queue) => new BullMQAdapter(queue)), serverAdapter });
  app.use(QUEUE_DASHBOARD_PATH, signedInOnly(app, 'admin'), serverAdapter.getRouter());
}
