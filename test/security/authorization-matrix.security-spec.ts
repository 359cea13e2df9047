import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_EMAIL, ADMIN_PASSWORD, anOrganization, aUser, PASSWORD, startTestApp, type TestApp, type TestUser } from '@kelisim/testing';
import { buildWorld, eventsByActor, type OpenApiDocument, operationsOf, stateDigest, type World } from './world.js';

type Actor = 'admin' | 'controller' | 'userA' | 'userB' | 'outsider' | 'anonymous';
const ACTORS: Actor[] = ['admin', 'controller', 'userA', 'userB', 'outsider', 'anonymous'];
const SIGNED_IN: Actor[] = ['admin', 'controller', 'userA', 'userB', 'outsider'];

/**
 * One row per operation, from SPEC's table. `allow`: who may; everyone else must be refused (401
 * without a token, 403 or 404 with one) and leave no journal event. `strict`: an allowed request
 * succeeds (2xx); otherwise it depends on the state the earlier rows left (a task already accepted:
 * 409), so it only must not be refused as unauthorized.
 *
 * The world: organization A holds the controller and userA (role signatory: the task's executor,
 * the working group's and the meeting's chair, party A's signatory); userB (role signatory) is in
 * organization B (party B's signatory, a participant of the meeting); the outsider, a user without
 * roles, is in a third organization.
 */
interface Row {
  allow: Actor[];
  strict: boolean;
  path: (w: World) => string;
  body?: (w: World) => object;
  /** Reads what a later row needs from an allowed actor's answer. */
  remember?: (answer: { body: Record<string, unknown> }) => void;
}

/** The extension request userA makes, which the controller then decides. */
let extensionRequestId: string = randomUUID();
/** The journal's witness the admin registers. */
let witnessId: string = randomUUID();
/** The acting official the admin records. */
let substitutionId: string = randomUUID();

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;
const v1 = (w: World, tail: string) => `/api/v1/memoranda/${w.memorandumId}/versions/1${tail}`;
const parties = ['controller', 'userA', 'userB'] as Actor[];
/** docs/memoranda.md: admins read every memorandum (they may act for a party). */
const readers = [...parties, 'admin'] as Actor[];

const MATRIX: Record<string, Row> = {
  'GET /health/live': { allow: ACTORS, strict: true, path: () => '/health/live' },
  'GET /health/ready': { allow: ACTORS, strict: true, path: () => '/health/ready' },
  'POST /api/v1/auth/login': { allow: ACTORS, strict: true, path: () => '/api/v1/auth/login', body: () => ({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) },
  'GET /api/v1/me': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/me' },
  'POST /api/v1/organizations': { allow: ['admin'], strict: true, path: () => '/api/v1/organizations', body: () => ({ name: `Ұйым ${unique()}`, kind: 'ngo' }) },
  'GET /api/v1/organizations': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/organizations' },
  'GET /api/v1/organizations/{id}': { allow: SIGNED_IN, strict: true, path: (w) => `/api/v1/organizations/${w.orgA}` },
  'PATCH /api/v1/organizations/{id}': { allow: ['admin'], strict: true, path: (w) => `/api/v1/organizations/${w.orgB}`, body: () => ({ shortName: `B ${unique()}` }) },
  'POST /api/v1/users': {
    allow: ['admin'],
    strict: true,
    path: () => '/api/v1/users',
    body: (w) => ({ fullName: 'Жаңа қызметкер', email: `new-${unique()}@kelisim.test`, organizationId: w.orgB, password: PASSWORD }),
  },
  'GET /api/v1/users': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/users' },
  'GET /api/v1/users/{id}': { allow: SIGNED_IN, strict: true, path: (w) => `/api/v1/users/${w.victims[0]}` },
  'PATCH /api/v1/users/{id}': { allow: ['admin'], strict: true, path: (w) => `/api/v1/users/${w.victims[0]}`, body: () => ({ position: `Маман ${unique()}` }) },
  'GET /api/v1/audit': { allow: ['admin', 'controller'], strict: true, path: () => '/api/v1/audit' },
  'GET /api/v1/audit/verify': { allow: ['admin', 'controller'], strict: true, path: () => '/api/v1/audit/verify' },
  'GET /api/v1/audit/checkpoints': { allow: ['admin', 'controller'], strict: true, path: () => '/api/v1/audit/checkpoints' },
  'GET /api/v1/audit/events/{position}/proof': { allow: ['admin', 'controller'], strict: false, path: () => '/api/v1/audit/events/1/proof' },
  'GET /api/v1/audit/consistency': { allow: ['admin', 'controller'], strict: false, path: () => '/api/v1/audit/consistency?from=1&to=2' },
  'GET /api/v1/audit/public-key': { allow: ['admin', 'controller'], strict: true, path: () => '/api/v1/audit/public-key' },
  'GET /api/v1/audit/witnesses': { allow: ['admin'], strict: true, path: () => '/api/v1/audit/witnesses' },
  'POST /api/v1/audit/witnesses': {
    allow: ['admin'],
    strict: false,
    path: () => '/api/v1/audit/witnesses',
    body: () => ({ name: 'Witness', kind: 'webhook', url: 'https://93.184.215.14/kelisim', secret: 'a-witness-secret-of-32-characters' }),
    remember: (answer) => {
      witnessId = answer.body.id as string;
    },
  },
  'POST /api/v1/audit/witnesses/{id}/deactivate': { allow: ['admin'], strict: true, path: () => `/api/v1/audit/witnesses/${witnessId}/deactivate` },
  'POST /api/v1/substitutions': {
    allow: ['admin'],
    strict: true,
    path: () => '/api/v1/substitutions',
    body: (w) => ({ principalId: w.victims[0], deputyId: w.userA.id, from: future(1), to: future(5), basis: { orderNumber: '45-ж', orderDate: '2026-12-01' } }),
    remember: (answer) => {
      substitutionId = answer.body.id as string;
    },
  },
  'GET /api/v1/substitutions': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/substitutions' },
  // The admin, the principal, the deputy (userA) and the principal's heads; the principal here heads no one of the actors.
  'GET /api/v1/substitutions/{id}': { allow: ['admin', 'userA'], strict: true, path: () => `/api/v1/substitutions/${substitutionId}` },
  'POST /api/v1/substitutions/{id}/end': { allow: ['admin'], strict: true, path: () => `/api/v1/substitutions/${substitutionId}/end` },
  'POST /api/v1/tasks': { allow: ['controller'], strict: true, path: () => '/api/v1/tasks', body: (w) => ({ title: 'Тапсырма', executorId: w.userA.id, dueAt: future(20) }) },
  'GET /api/v1/tasks': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/tasks' },
  'GET /api/v1/tasks/{id}': { allow: ['controller', 'userA'], strict: true, path: (w) => `/api/v1/tasks/${w.taskId}` },
  'POST /api/v1/tasks/{id}/acknowledge': { allow: ['userA'], strict: true, path: (w) => `/api/v1/tasks/${w.taskId}/acknowledge` },
  'POST /api/v1/tasks/{id}/extension-requests': {
    allow: ['userA'],
    strict: true,
    path: (w) => `/api/v1/tasks/${w.taskId}/extension-requests`,
    body: () => ({ proposedDueAt: future(40), reason: 'Қосымша мәлімет керек' }),
    remember: (answer) => {
      const requests = (answer.body.extensionRequests ?? answer.body.extensions ?? []) as { id: string }[];
      if (requests.at(-1)?.id) extensionRequestId = requests.at(-1)!.id;
    },
  },
  'POST /api/v1/tasks/{id}/extension-requests/{rid}/approve': {
    allow: ['controller'],
    strict: false,
    path: (w) => `/api/v1/tasks/${w.taskId}/extension-requests/${extensionRequestId}/approve`,
    body: () => ({ reason: 'Келісемін' }),
  },
  'POST /api/v1/tasks/{id}/extension-requests/{rid}/reject': {
    allow: ['controller'],
    strict: false,
    path: (w) => `/api/v1/tasks/${w.taskId}/extension-requests/${extensionRequestId}/reject`,
    body: () => ({ reason: 'Жоқ' }),
  },
  'POST /api/v1/tasks/{id}/reports': { allow: ['userA'], strict: true, path: (w) => `/api/v1/tasks/${w.taskId}/reports`, body: () => ({ text: 'Орындалды' }) },
  'POST /api/v1/tasks/{id}/return': { allow: ['controller'], strict: true, path: (w) => `/api/v1/tasks/${w.taskId}/return`, body: () => ({ reason: 'Толықтырыңыз' }) },
  'POST /api/v1/tasks/{id}/reassign': { allow: ['controller'], strict: true, path: (w) => `/api/v1/tasks/${w.taskId}/reassign`, body: (w) => ({ executorId: w.victims[0] }) },
  'POST /api/v1/tasks/{id}/accept': { allow: ['controller'], strict: false, path: (w) => `/api/v1/tasks/${w.taskId}/accept` },
  'POST /api/v1/tasks/{id}/cancel': { allow: ['controller'], strict: false, path: (w) => `/api/v1/tasks/${w.taskId}/cancel`, body: () => ({ reason: 'Қажет емес' }) },
  'GET /api/v1/task-issues/{id}': { allow: [], strict: false, path: () => `/api/v1/task-issues/${randomUUID()}` },
  'POST /api/v1/memoranda': {
    allow: parties,
    strict: true,
    path: () => '/api/v1/memoranda',
    body: (w) => ({
      title: 'Меморандум',
      reviewerOrganizationId: w.prosecutorOrg,
      parties: [
        { organizationId: w.orgA, signatoryId: w.userA.id },
        { organizationId: w.orgB, signatoryId: w.userB.id },
      ],
      clauses: [{ text: 'Бірлесіп жұмыс істейміз.' }],
    }),
  },
  'GET /api/v1/memoranda': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/memoranda' },
  'GET /api/v1/memoranda/{id}': { allow: readers, strict: true, path: (w) => `/api/v1/memoranda/${w.memorandumId}` },
  'GET /api/v1/memoranda/{id}/versions/{n}': { allow: readers, strict: true, path: (w) => v1(w, '') },
  'GET /api/v1/memoranda/{id}/versions/{n}/diff': { allow: readers, strict: false, path: (w) => v1(w, '/diff?against=1') },
  'GET /api/v1/memoranda/{id}/versions/{n}/export': { allow: readers, strict: true, path: (w) => v1(w, '/export?format=pdf') },
  'GET /api/v1/memoranda/{id}/versions/{n}/signing-payload': { allow: ['userA', 'userB', 'admin'], strict: false, path: (w) => v1(w, '/signing-payload') },
  'PUT /api/v1/memoranda/{id}/versions/{n}/clauses': { allow: ['controller', 'userA'], strict: true, path: (w) => v1(w, '/clauses'), body: () => ({ clauses: [{ text: 'Жаңа мәтін.' }] }) },
  'POST /api/v1/memoranda/{id}/versions/{n}/submit': { allow: ['controller', 'userA'], strict: false, path: (w) => v1(w, '/submit') },
  'POST /api/v1/memoranda/{id}/versions/{n}/return': { allow: [], strict: false, path: (w) => v1(w, '/return'), body: () => ({ remarks: [{ clause: 1, text: 'Ескерту' }] }) },
  'POST /api/v1/memoranda/{id}/versions/{n}/clear': { allow: [], strict: false, path: (w) => v1(w, '/clear'), body: () => ({}) },
  'POST /api/v1/memoranda/{id}/versions/{n}/approve': { allow: ['userA', 'userB'], strict: false, path: (w) => v1(w, '/approve'), body: () => ({}) },
  'POST /api/v1/memoranda/{id}/versions/{n}/reject': { allow: ['userA', 'userB'], strict: false, path: (w) => v1(w, '/reject'), body: () => ({ reason: 'Келіспейміз' }) },
  'POST /api/v1/memoranda/{id}/versions/{n}/sign': { allow: ['userA', 'userB'], strict: false, path: (w) => v1(w, '/sign'), body: () => ({}) },
  'POST /api/v1/memoranda/{id}/versions/{n}/decline': { allow: ['userA', 'userB'], strict: false, path: (w) => v1(w, '/decline'), body: () => ({ reason: 'Жоқ' }) },
  'POST /api/v1/memoranda/{id}/versions/{n}/withdraw': { allow: ['controller', 'userA'], strict: false, path: (w) => v1(w, '/withdraw') },
  'POST /api/v1/memoranda/{id}/amendments': { allow: parties, strict: false, path: (w) => `/api/v1/memoranda/${w.memorandumId}/amendments`, body: () => ({ reason: 'Өзгеріс' }) },
  'POST /api/v1/memoranda/{id}/terminate': { allow: ['controller'], strict: false, path: (w) => `/api/v1/memoranda/${w.memorandumId}/terminate`, body: () => ({ reason: 'Тоқтатылды' }) },
  'POST /api/v1/working-groups': {
    allow: ['controller'],
    strict: true,
    path: () => '/api/v1/working-groups',
    body: (w) => ({ name: `Топ ${unique()}`, mandate: 'Мандат', chairId: w.userA.id }),
  },
  'GET /api/v1/working-groups': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/working-groups' },
  'GET /api/v1/working-groups/{id}': { allow: SIGNED_IN, strict: true, path: (w) => `/api/v1/working-groups/${w.groupId}` },
  'POST /api/v1/working-groups/{id}/members': {
    allow: ['controller', 'userA'],
    strict: false,
    path: (w) => `/api/v1/working-groups/${w.groupId}/members`,
    body: (w) => ({ userId: w.victims[1], role: 'member' }),
  },
  'DELETE /api/v1/working-groups/{id}/members/{userId}': { allow: ['controller', 'userA'], strict: false, path: (w) => `/api/v1/working-groups/${w.groupId}/members/${w.victims[1]}` },
  'POST /api/v1/working-groups/{id}/disband': { allow: ['controller', 'userA'], strict: false, path: (w) => `/api/v1/working-groups/${w.groupId}/disband` },
  'POST /api/v1/meetings': {
    allow: ['controller'],
    strict: true,
    path: () => '/api/v1/meetings',
    body: (w) => ({ title: 'Мәжіліс', scheduledAt: future(3), chairId: w.userA.id, participantIds: [w.userB.id], agenda: [{ title: 'Ахуал' }] }),
  },
  'GET /api/v1/meetings': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/meetings' },
  'GET /api/v1/meetings/{id}': { allow: ['controller', 'userA', 'userB'], strict: true, path: (w) => `/api/v1/meetings/${w.meetingId}` },
  'POST /api/v1/meetings/{id}/hold': { allow: ['controller', 'userA'], strict: false, path: (w) => `/api/v1/meetings/${w.meetingId}/hold` },
  'POST /api/v1/meetings/{id}/decisions': { allow: ['controller', 'userA'], strict: true, path: (w) => `/api/v1/meetings/${w.meetingId}/decisions`, body: () => ({ text: 'Шешім' }) },
  'POST /api/v1/meetings/{id}/protocol/approve': { allow: ['controller', 'userA'], strict: false, path: (w) => `/api/v1/meetings/${w.meetingId}/protocol/approve` },
  'GET /api/v1/calendar/{year}': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/calendar/2027' },
  'PUT /api/v1/calendar/{year}': { allow: ['admin'], strict: true, path: () => '/api/v1/calendar/2027', body: () => ({ holidays: ['2027-01-01'], workdays: [] }) },
  'GET /api/v1/me/calendar-feed': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/me/calendar-feed' },
  'POST /api/v1/me/calendar-feed/rotate': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/me/calendar-feed/rotate' },
  'GET /api/v1/calendar-feeds/{file}': { allow: [], strict: false, path: () => `/api/v1/calendar-feeds/${randomUUID()}.ics` },
  'GET /api/v1/me/notifications': { allow: SIGNED_IN, strict: true, path: () => '/api/v1/me/notifications' },
  'POST /api/v1/me/notifications/{id}/read': { allow: [], strict: false, path: () => `/api/v1/me/notifications/${randomUUID()}/read` },
  'GET /api/v1/admin/deliveries': { allow: ['admin'], strict: true, path: () => '/api/v1/admin/deliveries' },
  'PUT /api/v1/admin/webhooks/{organizationId}': {
    allow: ['admin'],
    strict: false,
    path: (w) => `/api/v1/admin/webhooks/${w.orgA}`,
    body: () => ({ url: 'https://hooks.example.kz/kelisim', secret: 'a-webhook-secret-of-32-characters' }),
  },
  'GET /api/v1/control/summary': { allow: ['controller'], strict: true, path: () => '/api/v1/control/summary' },
  'GET /api/v1/control/overdue': { allow: ['controller'], strict: true, path: () => '/api/v1/control/overdue' },
  'GET /api/v1/control/export': { allow: ['controller'], strict: true, path: () => '/api/v1/control/export?format=csv' },
  // Last: a password change revokes the actor's earlier tokens.
  'POST /api/v1/me/password': {
    allow: SIGNED_IN,
    strict: true,
    path: () => '/api/v1/me/password',
    body: () => ({ currentPassword: '', newPassword: 'another-password-456' }),
  },
};

/**
 * Issue 10: the authorization matrix — every operation of the OpenAPI document × every kind of
 * actor (admin, controller, a user of the organization that owns the things, a user of the other
 * party's organization, a plain user of neither, no token): no refused actor succeeds or
 * leaves a journal event, and every allowed one gets through.
 */
describe('authorization matrix', () => {
  let t: TestApp;
  let world: World;
  let document: OpenApiDocument;
  let outsider: TestUser;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await buildWorld(t);
    outsider = await aUser(t, { organizationId: await anOrganization(t) });
    adminId = (await t.http.get('/api/v1/me').set('Authorization', `Bearer ${t.adminToken}`)).body.id as string;
    document = (await t.http.get('/api/docs-json').set('Authorization', `Bearer ${t.adminToken}`)).body as OpenApiDocument;
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('EveryOperation_ForEveryActor_RefusesTheUnauthorized_AndLetsTheAuthorizedThrough', async () => {
    const documented = operationsOf(document).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(documented.filter((name) => !MATRIX[name])).toEqual([]);
    const person: Record<Actor, { token?: string; id?: string; password?: string }> = {
      admin: { token: t.adminToken, id: adminId, password: ADMIN_PASSWORD },
      controller: { token: world.controller.token, id: world.controller.id, password: PASSWORD },
      userA: { token: world.userA.token, id: world.userA.id, password: PASSWORD },
      userB: { token: world.userB.token, id: world.userB.id, password: PASSWORD },
      outsider: { token: outsider.token, id: outsider.id, password: PASSWORD },
      anonymous: {},
    };
    const unauthorizedSuccesses: string[] = [];
    const refusedButChanged: string[] = [];
    const authorizedRefused: string[] = [];
    let cells = 0;

    for (const [name, row] of Object.entries(MATRIX)) {
      const [method] = name.split(' ');
      // The refused first: what they leave behind is then nobody else's.
      const order = [...ACTORS.filter((a) => !row.allow.includes(a)), ...ACTORS.filter((a) => row.allow.includes(a))];
      for (const actor of order) {
        cells++;
        const { token, id, password } = person[actor];
        const before = await stateDigest(t);
        let call = t.http[method.toLowerCase() as 'get'](row.path(world));
        if (token) call = call.set('Authorization', `Bearer ${token}`);
        let body = row.body?.(world);
        if (name === 'POST /api/v1/me/password') body = { currentPassword: password ?? 'x', newPassword: 'another-password-456' };
        const response = await (body ? call.send(body) : call);
        const cell = `${name} as ${actor}: ${response.status} ${response.text?.slice(0, 160)}`;
        if (row.allow.includes(actor)) {
          const refused = [401, 403, 404].includes(response.status);
          if ((row.strict && (response.status < 200 || response.status >= 300)) || refused || response.status >= 500) authorizedRefused.push(cell);
          if (response.status < 300) row.remember?.(response);
          await t.relay.drain();
          continue;
        }
        if (response.status < 400 || response.status >= 500) unauthorizedSuccesses.push(cell);
        const events = id ? ((await eventsByActor(t, before.position)).get(id) ?? 0) : 0;
        if (events > 0 || (await stateDigest(t)).rows !== before.rows) refusedButChanged.push(cell);
      }
    }

    console.log(`authorization matrix: ${Object.keys(MATRIX).length} operations × ${ACTORS.length} actors = ${cells} cells; unauthorized successes ${unauthorizedSuccesses.length}; refused but changed ${refusedButChanged.length}; authorized refused ${authorizedRefused.length}`);
    expect(cells).toBe(documented.length * ACTORS.length);
    expect({ unauthorizedSuccesses, refusedButChanged, authorizedRefused }).toEqual({ unauthorizedSuccesses: [], refusedButChanged: [], authorizedRefused: [] });
  }, 300_000);
});
