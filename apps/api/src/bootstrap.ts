import { type INestApplication, NotFoundException, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { type RunningConfig } from '@kelisim/config';
import { type Clock, negotiateLocale } from '@kelisim/kernel';
import { BootstrapAdmin } from '@kelisim/directory';
import { inputScreening, jsonBodyParsing, kelisimValidationPipe, ProblemFilter, toProblem } from '@kelisim/http';
import { collectDefaultMetrics } from '@kelisim/config';
import { mountWebConsole, type PrepareOptions, prepareServices } from '@kelisim/platform';
import { ApiModule } from './api.module.js';
import { httpMetrics } from './ops/http-metrics.middleware.js';
import { mountQueueDashboard } from './ops/queue-dashboard.js';
import { signedInOnly } from './ops/signed-in.js';

export const API_PREFIX = 'api/v1';

/** Builds the API (and, for role `all`, the worker in the same process), ready to listen. */
export async function createApi(owner: RunningConfig, clock?: Clock, start: PrepareOptions = {}): Promise<INestApplication> {
  const { warnings, platformUrl } = await prepareServices(owner, start);
  // From here on the platform's role, which may only insert and read the journal.
  const config: RunningConfig = { ...owner, databaseUrl: platformUrl };
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, clock), {
    bodyParser: false,
    bufferLogs: true,
    // A module that fails to start (TypeORM refused a connection) throws to main, which prints one line.
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  warnings.forEach((warning) => logger.warn(warning));
  collectDefaultMetrics();

  // X-Forwarded-For is believed only from the proxies configured (none by default): anyone else could forge it.
  app.set('trust proxy', config.trustedProxies.length ? config.trustedProxies : false);
  app.disable('x-powered-by');
  app.use(httpMetrics);
  app.use(...jsonBodyParsing(config.bodyLimit));
  app.use(inputScreening());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(kelisimValidationPipe());
  app.useGlobalFilters(new ProblemFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kelisim API')
      .setDescription('Memoranda, working groups and meetings, tasks with deadlines: the akimat case-workflow platform.')
      .setVersion('1')
      .addBearerAuth()
      .addServer('/', 'the installation serving this document')
      .addGlobalResponse({ status: 400, description: 'invalid request: application/problem+json (RFC 9457) naming each field' })
      .build(),
  );
  markPublicOperations(document);
  // The map of every operation is for signed-in people in production, unless KELISIM_PUBLIC_DOCS opens it.
  if (!config.publicDocs) {
    const signedIn = signedInOnly(app);
    app.use((req: Request, res: Response, next: NextFunction) => (/^\/api\/docs($|[/-])/.test(req.path) ? void signedIn(req, res, next) : next()));
  }
  SwaggerModule.setup('api/docs', app, () => document);
  mountQueueDashboard(app);
  mountWebConsole(app);

  await app.init();
  // Last in line: a path outside /api/v1 that nothing served (Nest's own 404 covers only the prefix).
  app.use((req: Request, res: Response) => {
    const problem = toProblem(new NotFoundException(), negotiateLocale(req.headers['accept-language']), req.originalUrl);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  });
  await app.get(BootstrapAdmin).run({
    email: config.adminEmail,
    password: config.adminPassword,
    organizationName: config.rootOrganizationName,
  });
  return app;
}

/**
 * An operation the bearer scheme does not guard (login, health, metrics, a calendar feed, whose
 * token is in its path) says so with an empty security list, so a client and a linter see that it
 * is public on purpose.
 */
function markPublicOperations(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
}
