import { anOrganization, aUser, aHeldMeetingWithADecision, type TestApp, type TestUser } from '@kelisim/testing';

/** An operation of the OpenAPI document the app serves. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As the document writes it, `/api/v1/tasks/{id}`. */
  path: string;
  parameters: { name: string; in: 'path' | 'query'; required?: boolean; schema?: Schema }[];
  body?: Schema;
  secured: boolean;
}

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: Schema }> }; security?: unknown[] }>>;
  components?: { schemas?: Record<string, Schema> };
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method as Operation['method'],
        path,
        parameters: (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
        secured: (operation.security ?? []).length > 0,
      })),
  );
}

export const resolve = (document: OpenApiDocument, schema: Schema | undefined): Schema | undefined => {
  if (!schema?.$ref) return schema;
  return document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
};

/**
 * The people and things the suites act on: organization A (the controller's and userA's, its
 * signatory) and B (userB's, its signatory), a task of A's user, a memorandum between A and B, a working group and a held
 * meeting with a decision. Path ids are drawn from these so requests reach handlers, not 404s.
 */
export interface World {
  orgA: string;
  orgB: string;
  prosecutorOrg: string;
  controller: TestUser;
  userA: TestUser;
  userB: TestUser;
  /** Users the suites may change (deactivate, re-role) without losing an actor. */
  victims: string[];
  taskId: string;
  memorandumId: string;
  groupId: string;
  meetingId: string;
  decisionId: string;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const orgA = await anOrganization(t, { kind: 'akimat' });
  const orgB = await anOrganization(t, { kind: 'police' });
  const prosecutorOffice = await anOrganization(t, { kind: 'prosecutor' });
  const controller = await aUser(t, { roles: ['controller'], organizationId: orgA });
  const userA = await aUser(t, { roles: ['signatory'], organizationId: orgA });
  const userB = await aUser(t, { roles: ['signatory'], organizationId: orgB });
  const victims = [(await aUser(t, { organizationId: orgA })).id, (await aUser(t, { organizationId: orgB })).id];
  const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const task = await t.http
    .post('/api/v1/tasks')
    .set(bearer(controller))
    .send({ title: 'Есеп дайындау', executorId: userA.id, dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  if (task.status !== 201) throw new Error(`task: ${task.status} ${JSON.stringify(task.body)}`);
  const memorandum = await t.http
    .post('/api/v1/memoranda')
    .set(bearer(userA))
    .send({
      title: 'Ынтымақтастық туралы меморандум',
      reviewerOrganizationId: prosecutorOffice,
      parties: [
        { organizationId: orgA, signatoryId: userA.id },
        { organizationId: orgB, signatoryId: userB.id },
      ],
      clauses: [{ text: 'Тараптар бірлесіп жұмыс істейді.' }],
    });
  if (memorandum.status !== 201) throw new Error(`memorandum: ${memorandum.status} ${JSON.stringify(memorandum.body)}`);
  const group = await t.http
    .post('/api/v1/working-groups')
    .set(bearer(controller))
    .send({ name: 'Жұмыс тобы', mandate: 'Түсіндіру жұмыстары', chairId: userA.id, memberIds: [victims[0]] });
  if (group.status !== 201) throw new Error(`group: ${group.status} ${JSON.stringify(group.body)}`);
  const { meetingId, decisionId } = await aHeldMeetingWithADecision(t, { controller, chair: userA, participants: [userB] }, []);
  return {
    orgA,
    orgB,
    prosecutorOrg: prosecutorOffice,
    controller,
    userA,
    userB,
    victims,
    taskId: task.body.id as string,
    memorandumId: memorandum.body.id as string,
    groupId: group.body.id as string,
    meetingId,
    decisionId,
  };
}

/** Real ids a path parameter may name, by the parameter and the path it sits in. */
export function pathIds(world: World, path: string, name: string): string[] {
  if (name === 'organizationId') return [world.orgA, world.orgB];
  if (name === 'userId') return world.victims;
  if (name === 'rid' || name === 'file') return [];
  if (name === 'n') return ['1', '2'];
  if (name === 'year') return ['2026', '2027'];
  if (name !== 'id') return [];
  if (path.startsWith('/api/v1/organizations')) return [world.orgA, world.orgB];
  if (path.startsWith('/api/v1/users')) return world.victims;
  if (path.startsWith('/api/v1/tasks')) return [world.taskId];
  if (path.startsWith('/api/v1/memoranda')) return [world.memorandumId];
  if (path.startsWith('/api/v1/working-groups')) return [world.groupId];
  if (path.startsWith('/api/v1/meetings')) return [world.meetingId];
  return [];
}

export interface Lane {
  token: string;
  id: string;
}

/**
 * Actors of one role sending requests side by side, each request of a batch as a different person,
 * so a journal event is traced to the request that caused it. The first lane is the world's own
 * admin, controller or plain user (the one tasks, groups and meetings name).
 */
export async function lanesOf(t: TestApp, world: World, width: number): Promise<Record<'admin' | 'controller' | 'user', Lane[]>> {
  const adminId = (await t.http.get('/api/v1/me').set('Authorization', `Bearer ${t.adminToken}`)).body.id as string;
  const more = async (options: Parameters<typeof aUser>[1]): Promise<Lane[]> =>
    (await Promise.all(Array.from({ length: width - 1 }, () => aUser(t, options)))).map((u) => ({ token: u.token, id: u.id }));
  return {
    admin: [{ token: t.adminToken, id: adminId }, ...(await more({ roles: ['admin'], organizationId: world.orgA }))],
    controller: [{ token: world.controller.token, id: world.controller.id }, ...(await more({ roles: ['controller'], organizationId: world.orgA }))],
    user: [{ token: world.userA.token, id: world.userA.id }, ...(await more({ organizationId: world.orgA }))],
  };
}

/** The journal events appended after `since`, by actor. */
export async function eventsByActor(t: TestApp, since: number): Promise<Map<string | null, number>> {
  const rows = (await t.dataSource.query('SELECT actor_id, count(*)::int AS n FROM journal_events WHERE position > $1 GROUP BY actor_id', [since])) as {
    actor_id: string | null;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.actor_id, r.n]));
}

/**
 * Where the journal is and how many rows the directory and the work have: a rejected request appends
 * no event of its requester (every state change appends to the journal) and, in a batch of
 * rejections only, changes no count. One statement.
 */
export async function stateDigest(t: TestApp): Promise<{ position: number; rows: string }> {
  const [row] = (await t.dataSource.query(
    `SELECT (SELECT coalesce(max(position), 0) FROM journal_events)::bigint AS position,
            (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM memoranda) AS memoranda,
            (SELECT count(*) FROM working_groups) AS groups, (SELECT count(*) FROM meetings) AS meetings`,
  )) as Record<string, string>[];
  const { position, ...rows } = row;
  return { position: Number(position), rows: JSON.stringify(rows) };
}
