import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '@kelisim/testing';
import { type GeneratedRequest, requestsTo } from './generator.js';
import { buildWorld, eventsByActor, type Lane, lanesOf, type OpenApiDocument, type Operation, operationsOf, stateDigest, type World } from './world.js';

/** SECURITY_SEED replays a run; SECURITY_PER_OPERATION sets the requests per operation and role. */
const SEED = Number(process.env.SECURITY_SEED ?? Date.now() % 2 ** 31);
const PER_OPERATION = Number(process.env.SECURITY_PER_OPERATION ?? 48);
/** Requests in flight at once, each from a different actor of the role. */
const WIDTH = 8;

interface Outcome {
  role: string;
  operation: string;
  request: GeneratedRequest;
  status: number;
  body: string;
}

/**
 * Issue 10: a generator over the OpenAPI document the app serves. Every operation, as an admin, a
 * controller and a plain user, gets requests whose path, query and body mix valid values with
 * wrong types, extra fields, nulls, NUL, lone surrogates, deep nesting, forged cursors and huge
 * numbers. No answer may be a 5xx, and a rejected command (4xx) may change nothing: no row of the
 * directory or the work, no journal event of its requester.
 */
describe('hostile requests over the OpenAPI document', () => {
  let t: TestApp;
  let world: World;
  let operations: Operation[];
  let document: OpenApiDocument;
  let lanes: Record<'admin' | 'controller' | 'user', Lane[]>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildWorld(t);
    document = (await t.http.get('/api/docs-json').set('Authorization', `Bearer ${t.adminToken}`)).body as OpenApiDocument;
    operations = operationsOf(document);
    lanes = await lanesOf(t, world, WIDTH);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  const send = async (token: string, request: GeneratedRequest): Promise<{ status: number; text: string }> => {
    const url = request.query ? `${request.path}?${request.query}` : request.path;
    let call = t.http[request.method](url).set('Authorization', `Bearer ${token}`);
    if (request.rawBody !== undefined) call = call.set('Content-Type', 'application/json').send(request.rawBody);
    else if (request.body !== undefined && request.method !== 'get' && request.method !== 'delete') call = call.send(request.body as object);
    const response = await call;
    return { status: response.status, text: response.text?.slice(0, 300) ?? '' };
  };

  it(
    'EveryOperation_AsEveryRole_WithHostileInput_NeverAnswers5xx_AndARejectionChangesNothing',
    async () => {
      expect(operations.length).toBeGreaterThan(60);
      const serverErrors: Outcome[] = [];
      const leaks: (Outcome & { change: string })[] = [];
      const statuses = new Map<number, number>();
      let sent = 0;
      let checked = 0;

      for (const [r, role] of (['admin', 'controller', 'user'] as const).entries()) {
        for (const [o, operation] of operations.entries()) {
          const name = `${operation.method.toUpperCase()} ${operation.path}`;
          const requests = fc.sample(requestsTo(document, operation, world), { numRuns: PER_OPERATION, seed: SEED + r * 1_000 + o });
          for (let i = 0; i < requests.length; i += WIDTH) {
            const batch = requests.slice(i, i + WIDTH);
            const mutating = operation.method !== 'get';
            const before = mutating ? await stateDigest(t) : undefined;
            const answers = await Promise.all(batch.map((request, j) => send(lanes[role][j].token, request)));
            const outcomes = answers.map((answer, j) => ({ role, operation: name, request: batch[j], status: answer.status, body: answer.text }));
            for (const outcome of outcomes) {
              sent++;
              statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
              if (outcome.status >= 500) serverErrors.push(outcome);
            }
            if (!before) continue;
            const events = await eventsByActor(t, before.position);
            const after = await stateDigest(t);
            const allRejected = outcomes.every((outcome) => outcome.status >= 400);
            outcomes.forEach((outcome, j) => {
              if (outcome.status < 400) return;
              checked++;
              const appended = events.get(lanes[role][j].id) ?? 0;
              if (appended > 0) leaks.push({ ...outcome, change: `${appended} journal events` });
              else if (allRejected && after.rows !== before.rows) leaks.push({ ...outcome, change: `${before.rows} → ${after.rows}` });
            });
            // A command succeeded: let its consumers (sagas, a large issue's batches) finish before the next comparison.
            if (!allRejected) await t.relay.drain();
          }
        }
      }

      const shown = (list: unknown[]) => JSON.stringify(list.slice(0, 10), null, 1);
      console.log(
        `security fuzz: seed ${SEED}, ${operations.length} operations × 3 roles × ${PER_OPERATION} = ${sent} requests; ` +
          `5xx ${serverErrors.length}; rejected commands checked ${checked}, of which changed state ${leaks.length}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
      );
      expect(sent).toBeGreaterThanOrEqual(10_000);
      expect(shown(serverErrors)).toBe('[]');
      expect(shown(leaks)).toBe('[]');
    },
    1_500_000,
  );
});
