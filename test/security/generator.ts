import fc from 'fast-check';
import { type OpenApiDocument, type Operation, pathIds, resolve, type Schema, type World } from './world.js';

/** A request as the generator made it: a raw JSON text when the body is not one JSON.stringify writes. */
export interface GeneratedRequest {
  method: Operation['method'];
  path: string;
  query: string;
  body?: unknown;
  rawBody?: string;
}

const forge = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const UUID = '4f6c0c1e-8b4b-4c3a-9a51-6a1f1b2c3d4e';
// Dates a valid value takes: far enough ahead that no reminder of a generated task fires during the run.
const SOON = new Date(Date.now() + 60 * 86_400_000);
const LATER = new Date(Date.now() + 400 * 86_400_000);
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Values no well-typed field takes: the pen test's list and then some. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    ' ',
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udc00',
    '\u001b[2J',
    '\u202e\u0085',
    '../../etc/passwd',
    "'; DROP TABLE tasks; --",
    '%00',
    '9'.repeat(400),
    'x'.repeat(70_000),
    1e308,
    -1e308,
    2 ** 64,
    -(2 ** 63),
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0,
    1.5,
    true,
    false,
    [],
    {},
    [null],
    { $ne: null },
    'NaN',
    'Infinity',
    '1e400',
    '0000-00-00T00:00:00Z',
    '+275760-09-13T00:00:01Z',
    '2026-02-30T10:00:00Z',
    'P99999999Y',
    UUID.toUpperCase(),
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** A plausible value of a schema (its enums, formats, bounds), so hostility in one field meets valid neighbours. */
function validValue(document: OpenApiDocument, schema: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(document, schema) ?? {};
  if (s.allOf?.length) return validValue(document, s.allOf[0], ids, depth);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const id = ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return id;
      if (s.format === 'date-time') return fc.date({ min: SOON, max: LATER, noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'date') return fc.date({ min: SOON, max: LATER, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      return fc.string({ minLength: s.minLength ?? 1, maxLength: Math.min(s.maxLength ?? 30, 30) });
    case 'integer':
    case 'number':
      return fc.integer({ min: Math.ceil(s.minimum ?? 0), max: Math.floor(Math.min(s.maximum ?? 100, 1_000)) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 3) return fc.constant([]);
      return fc.array(s.items ? validValue(document, s.items, ids, depth + 1) : id, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object':
    default:
      if (!s.properties || depth > 3) return fc.constant({});
      return objectOf(document, s, ids, depth, 0);
  }
}

/** An object of the schema's shape, each field valid, hostile or absent with the given odds of hostility. */
function objectOf(document: OpenApiDocument, s: Schema, ids: string[], depth: number, hostilePercent: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(s.properties ?? {}).map(([name, property]) => {
    const required = s.required?.includes(name) ?? false;
    const field = fc.integer({ min: 0, max: 99 }).chain((roll): fc.Arbitrary<unknown> => {
      if (roll < hostilePercent) return hostileValue;
      if (!required && roll >= 90) return fc.constant(undefined);
      return validValue(document, property, ids, depth + 1);
    });
    return [name, field] as const;
  });
  return fc.record(Object.fromEntries(fields)).map((record) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)));
}

function bodyFor(document: OpenApiDocument, schema: Schema | undefined, ids: string[]): fc.Arbitrary<{ body?: unknown; rawBody?: string }> {
  const s = resolve(document, schema);
  const shaped = s ? objectOf(document, s, ids, 0, 25) : fc.constant({});
  return fc.oneof(
    { weight: 6, arbitrary: shaped.map((body) => ({ body })) },
    {
      weight: 2,
      arbitrary: fc.tuple(shaped, fc.string({ maxLength: 12 }), hostileValue).map(([body, key, value]) => ({ body: { ...body, [key || 'extra']: value } })),
    },
    { weight: 1, arbitrary: hostileValue.map((body) => ({ rawBody: JSON.stringify(body) ?? 'null' })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        nested(10_000),
        `{"a":${nested(40)}}`,
        '{"title": "x", "title": "y"}',
        '{"a":',
        '\ufeff{}',
        '{"__proto__": {"roles": ["admin"]}}',
        '{"constructor": {"prototype": {"admin": true}}}',
        `{"x": "${'\\ud800'}"}`,
        '{"x": "\\u0000"}',
        '[1e999]',
      ).map((rawBody) => ({ rawBody })),
    },
  );
}

function pathValue(world: World, path: string, name: string): fc.Arbitrary<string> {
  const ids = pathIds(world, path, name);
  const garbage = fc.constantFrom('0', '-1', '1e400', '99999999999999999999', 'abc', '%00', '%E0', '..%2F..', 'x'.repeat(300), UUID, '%F0%9F%98%80');
  return ids.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: garbage }) : garbage;
}

const FORGED_CURSORS = [
  forge({ k: 'x', id: 'nope' }),
  forge({ k: 1e308, id: UUID }),
  forge({ k: 'a\u0000', id: UUID }),
  forge({ k: '2026-13-45T99:99:99.000Z', id: UUID }),
  forge({ k: 'abc', id: UUID }),
  forge({ k: 12, id: UUID }),
  forge([]),
  'garbage!',
];

function queryValue(document: OpenApiDocument, parameter: Operation['parameters'][number], ids: string[]): fc.Arbitrary<string> {
  const hostile = fc.constantFrom('%00', 'a%00b', '%E0', '%ED%A0%80', '1e400', '-1', 'NaN', '0', '99999999999999999999', 'true', '', 'x'.repeat(2_000), '%1B%5B2J');
  const valid = validValue(document, parameter.schema, ids).map((v) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v)));
  if (parameter.name === 'cursor') return fc.oneof(fc.constantFrom(...FORGED_CURSORS).map(encodeURIComponent), hostile);
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostile });
}

/** Requests to one operation: its path filled, some query parameters (sometimes repeated) and a body. */
export function requestsTo(document: OpenApiDocument, operation: Operation, world: World): fc.Arbitrary<GeneratedRequest> {
  const ids = [world.orgA, world.orgB, world.controller.id, world.userA.id, world.userB.id, world.taskId, world.groupId, world.meetingId, ...world.victims];
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  const queryParameters = operation.parameters.filter((p) => p.in === 'query');
  const path = fc.tuple(...pathParameters.map((p) => pathValue(world, operation.path, p.name))).map((values) =>
    pathParameters.reduce((filled, p, i) => filled.replace(`{${p.name}}`, values[i]), operation.path),
  );
  const query = fc
    .tuple(
      ...queryParameters.map((p) => fc.option(queryValue(document, p, ids), { nil: undefined, freq: 2 })),
      fc.option(fc.constantFrom('extra=1', 'limit=1&limit=2', 'cursor[k]=1', '__proto__=x'), { nil: undefined, freq: 4 }),
    )
    .map((values) => {
      const parts = queryParameters.flatMap((p, i) => (values[i] === undefined ? [] : [`${p.name}=${values[i]}`]));
      const extra = values[queryParameters.length];
      return [...parts, ...(extra ? [extra] : [])].join('&');
    });
  const body = operation.method === 'get' || operation.method === 'delete' ? fc.constant({}) : bodyFor(document, operation.body, ids);
  return fc.tuple(path, query, body).map(([p, q, b]) => ({ method: operation.method, path: p, query: q, ...b }));
}
