// The API of the same origin: JSON in and out, problems as errors, lists fetched whole when asked.
import { language, state } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The session ended (401 on a signed-in call): the sign-in form is already showing. */
export class SignedOut extends Error {}

let signedOut = () => {};
/** What to do when the API says the session is over (the shell shows the sign-in form). */
export function onSignedOut(handler) {
  signedOut = handler;
}

export async function api(method, path, { body, revision, binary = false } = {}) {
  const headers = { 'accept-language': language() };
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (revision !== undefined) headers['if-match'] = `"${revision}"`;
  const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401 && state.token) {
      signedOut();
      throw new SignedOut();
    }
    throw new ApiError(response.status, problem);
  }
  if (binary) return response.blob();
  return response.status === 204 ? null : response.json();
}

export const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== ''));
  return search.size ? `?${search}` : '';
};

/** Display names of users and organizations by id, each fetched once per page load. */
const names = new Map();

function nameOf(kind, id) {
  const key = `${kind}/${id}`;
  if (!names.has(key)) names.set(key, api('GET', `/${kind}/${id}`).then((x) => x.fullName ?? x.name, () => id));
  return names.get(key);
}

export async function namesOf(kind, ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const found = await Promise.all(unique.map((id) => nameOf(kind, id)));
  return new Map(unique.map((id, i) => [id, found[i]]));
}

/** Every page of a list (the API gives at most 200 at a time). */
export async function all(path) {
  const items = [];
  let cursor;
  do {
    const page = await api('GET', `${path}${path.includes('?') ? '&' : '?'}${query({ limit: 200, cursor }).slice(1)}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** A controller issues a task to one executor or to many (one instance each). */
/** A select of the active people, grouped by organization (loads the directory once per page load). */
let directory;
/** The active people and every organization, fetched once per page load. */
export function loadDirectory() {
  directory ??= Promise.all([all('/users?active=true'), all('/organizations')]);
  return directory;
}

/**
 * The officials the signed-in user acts for now (И.о.): `{ principalId, principalName, organizationId, roles }`
 * each, from their current substitutions as deputy; the API decides again on every step.
 */
export async function actingNow() {
  if (!state.me) return [];
  const current = await all(`/substitutions${query({ deputyId: state.me.id, status: 'current' })}`);
  return Promise.all(
    current.map(async (s) => {
      const principal = await api('GET', `/users/${s.principalId}`).catch(() => ({ roles: [] }));
      return { principalId: s.principalId, principalName: s.principalName ?? principal.fullName, organizationId: s.organizationId, roles: principal.roles ?? [] };
    }),
  );
}
