// The Kelisim console: a page over /api/v1, no build step. Everything shown is built with
// textContent (never innerHTML), so no text from the API is ever read as markup.
import { LANGUAGES, translator } from './i18n.js';

const TOKEN_KEY = 'kelisim.token';
const LANGUAGE_KEY = 'kelisim.language';

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  language: localStorage.getItem(LANGUAGE_KEY),
};
let t = translator(language());

function language() {
  if (LANGUAGES.includes(state.language)) return state.language;
  if (state.me && LANGUAGES.includes(state.me.locale)) return state.me.locale;
  const browser = (navigator.language || '').slice(0, 2);
  return LANGUAGES.includes(browser) ? browser : 'kk';
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The session ended (401 on a signed-in call): the sign-in form is already showing. */
class SignedOut extends Error {}

async function api(method, path, { body, revision, binary = false } = {}) {
  const headers = { 'accept-language': language() };
  if (state.token) headers.authorization = `Bearer ${state.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (revision !== undefined) headers['if-match'] = `"${revision}"`;
  const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401 && state.token) {
      signOut();
      throw new SignedOut();
    }
    throw new ApiError(response.status, problem);
  }
  if (binary) return response.blob();
  return response.status === 204 ? null : response.json();
}

const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== ''));
  return search.size ? `?${search}` : '';
};

// ---------------------------------------------------------------------------------------------
// DOM
// ---------------------------------------------------------------------------------------------

/** `h('td', { class: 'n' }, 'text', child)`: an element; strings become text nodes. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const main = () => document.getElementById('main');

/** Replaces the page's content; like `h`'s children, arrays are flattened and null/false dropped. */
function show(...nodes) {
  main().replaceChildren(...nodes.flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false));
}

function alertBox(error) {
  const text = error instanceof ApiError && error.status === 412 ? t('error.stale') : t('error.generic', { detail: error.message });
  return h('p', { class: 'alert', role: 'alert' }, text);
}

/** Runs `work`; a failure shows as an alert inside `where` (or the page). */
async function guarded(where, work) {
  try {
    await work();
  } catch (error) {
    if (error instanceof SignedOut) return;
    (where ?? main()).prepend(alertBox(error));
  }
}

/** The akimat's zone (the platform's default), for people with no zone of their own. */
const DEFAULT_TIME_ZONE = 'Asia/Almaty';

/** `YYYY-MM-DDTHH:mm` (an <input type=datetime-local>) read as wall time in `timeZone`: the instant. */
function instantOf(wallTime, timeZone) {
  const [y, mo, d, hh, mm] = wallTime.split(/[-T:]/).map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  const offsetAt = (at) => {
    const p = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at;
  };
  // Twice: the offset at the first guess may differ from the offset at the answer (a DST change).
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess)).toISOString();
}

const myZone = () => state.me?.timezone || DEFAULT_TIME_ZONE;

/** An instant as wall time in `timeZone` (the user's, else the akimat's), with the zone shown. */
function formatDate(iso, timeZone = myZone()) {
  return new Intl.DateTimeFormat(locale(), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

const locale = () => ({ kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' })[language()];
/** Display names of users and organizations by id, each fetched once per page load. */
const names = new Map();
function nameOf(kind, id) {
  const key = `${kind}/${id}`;
  if (!names.has(key)) names.set(key, api('GET', `/${kind}/${id}`).then((x) => x.fullName ?? x.name, () => id));
  return names.get(key);
}
async function namesOf(kind, ids) {
  const unique = [...new Set(ids.filter(Boolean))];
  const found = await Promise.all(unique.map((id) => nameOf(kind, id)));
  return new Map(unique.map((id, i) => [id, found[i]]));
}

async function download(path, filename) {
  const file = await api('GET', path, { binary: true });
  const link = h('a', { href: URL.createObjectURL(file), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const percent = (value) => (value === null ? '—' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value));

// ---------------------------------------------------------------------------------------------
// Shell, sign-in and routing
// ---------------------------------------------------------------------------------------------

const isController = () => state.me?.roles.includes('controller');

function renderHeader() {
  const header = document.getElementById('header');
  document.documentElement.lang = language();
  document.title = 'Kelisim';
  const picker = h(
    'select',
    { 'aria-label': t('language'), id: 'language', onchange: (event) => setLanguage(event.target.value) },
    LANGUAGES.map((code) => h('option', { value: code, selected: code === language() }, t(`language.${code}`))),
  );
  const nav = state.me
    ? h(
        'nav',
        {},
        isController() ? h('a', { href: '#/control' }, t('nav.control')) : null,
        h('a', { href: '#/tasks' }, t('nav.tasks')),
        h('a', { href: '#/memoranda' }, t('nav.memoranda')),
        h('a', { href: '#/groups' }, t('nav.groups')),
        state.me.roles.includes('admin') ? h('a', { href: '/admin/queues', target: '_blank' }, t('nav.queues')) : null,
        h('span', { class: 'who' }, state.me.fullName),
        h('button', { type: 'button', id: 'logout', onclick: signOut }, t('logout')),
      )
    : null;
  header.replaceChildren(h('strong', { class: 'brand' }, 'Kelisim'), nav, picker);
}

function setLanguage(code) {
  state.language = code;
  localStorage.setItem(LANGUAGE_KEY, code);
  t = translator(language());
  void route();
}

function signOut() {
  state.token = null;
  state.me = null;
  sessionStorage.removeItem(TOKEN_KEY);
  document.cookie = 'kelisim_token=; path=/admin/queues; max-age=0; SameSite=Strict';
  // The address stays: signing in again returns to the page that was open.
  void route();
}

function loginView() {
  const form = h(
    'form',
    { class: 'card narrow', id: 'login' },
    h('h1', {}, t('login.title')),
    h('label', {}, t('login.email'), h('input', { name: 'email', type: 'email', required: true, autocomplete: 'username' })),
    h('label', {}, t('login.password'), h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' })),
    h('button', { type: 'submit' }, t('login.submit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    form.querySelector('.alert')?.remove();
    void guarded(form, async () => {
      const { accessToken } = await api('POST', '/auth/login', { body: { email: data.get('email'), password: data.get('password') } });
      state.token = accessToken;
      sessionStorage.setItem(TOKEN_KEY, accessToken);
      // The queue dashboard (/admin/queues, admins only) is a page, not a fetch: it reads this cookie.
      document.cookie = `kelisim_token=${encodeURIComponent(accessToken)}; path=/admin/queues; SameSite=Strict`;
      await route();
    });
  });
  show(form);
}

async function route() {
  if (!state.token) {
    state.me = null;
    renderHeader();
    return loginView();
  }
  if (!state.me) {
    try {
      state.me = await api('GET', '/me');
    } catch (error) {
      if (error instanceof SignedOut) return;
      renderHeader();
      return show(alertBox(error));
    }
    t = translator(language());
  }
  renderHeader();
  const page = location.hash.replace(/^#\/?/, '') || (isController() ? 'control' : 'tasks');
  show(h('p', { class: 'muted' }, t('loading')));
  const [section, id] = page.split('/');
  switch (section) {
    case 'control':
      return isController() ? controlView() : show(h('p', { class: 'alert' }, t('forbidden')));
    case 'memoranda':
      if (id === 'new') return newMemorandumView();
      return id ? memorandumView(id) : memorandaView();
    case 'groups':
      if (id === 'new') return isController() ? formGroupView() : show(h('p', { class: 'alert' }, t('forbidden')));
      return id ? workingGroupView(id) : groupsView();
    case 'meetings':
      if (id === 'new') return isController() ? scheduleMeetingView() : show(h('p', { class: 'alert' }, t('forbidden')));
      return id ? meetingView(id) : groupsView();
    default:
      if (id === 'new') return isController() ? newTaskView() : show(h('p', { class: 'alert' }, t('forbidden')));
      return id ? taskView(id) : tasksView();
  }
}

// ---------------------------------------------------------------------------------------------
// Control: the akim's office's view
// ---------------------------------------------------------------------------------------------

const controlState = { from: '', to: '', sort: 'daysOverdue', order: 'desc' };

async function controlView() {
  const period = h(
    'form',
    { class: 'period', id: 'period' },
    h('label', {}, t('control.from'), h('input', { type: 'date', name: 'from', value: controlState.from })),
    h('label', {}, t('control.to'), h('input', { type: 'date', name: 'to', value: controlState.to })),
    h('button', { type: 'submit' }, t('control.apply')),
    h('button', { type: 'button', class: 'secondary', id: 'export', onclick: () => void guarded(null, exportXlsx) }, t('control.export')),
    h('a', { href: '#/tasks/new', class: 'button', id: 'new-task' }, t('control.newTask')),
  );
  period.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(period);
    controlState.from = data.get('from');
    controlState.to = data.get('to');
    void controlView();
  });
  const summary = h('section', { id: 'summary' });
  const review = h('section', { id: 'review' });
  const overdue = h('section', { id: 'overdue' });
  show(h('h1', {}, t('control.title')), period, summary, review, overdue);
  await Promise.all([guarded(summary, () => renderSummary(summary)), guarded(review, () => renderReview(review)), guarded(overdue, () => renderOverdue(overdue))]);
}

/** Reports waiting for a controller's decision: each opens its task's page. */
async function renderReview(section) {
  const page = await api('GET', '/tasks?status=report_submitted&limit=50');
  section.replaceChildren(
    h('h2', {}, t('control.toReview')),
    page.items.length === 0
      ? h('p', { class: 'muted' }, t('control.noneToReview'))
      : h('ul', {}, page.items.map((task) => h('li', { 'data-task': task.id }, h('a', { href: `#/tasks/${task.id}` }, task.title), ` · ${t('tasks.due', { date: formatDate(task.dueAt) })}`))),
  );
}

async function renderSummary(section) {
  const view = await api('GET', `/control/summary${query({ from: controlState.from, to: controlState.to })}`);
  const columns = ['total', 'doneOnTime', 'overdue', 'dueSoon'];
  const row = (name, figures, tag = 'td') =>
    h('tr', {}, h(tag, { class: 'name' }, name), columns.map((key) => h('td', { class: 'n' }, figures[key])), h('td', { class: 'n' }, percent(figures.discipline)));
  if (view.items.length === 0) return section.replaceChildren(h('p', { class: 'muted' }, t('control.noTasks')));
  section.replaceChildren(
    h(
      'table',
      { class: 'figures' },
      h('thead', {}, h('tr', {}, h('th', {}, t('control.organization')), [...columns, 'discipline'].map((key) => h('th', { class: 'n' }, t(`control.${key}`))))),
      h('tbody', {}, view.items.map((item) => row(item.organizationName, item))),
      h('tfoot', {}, row(t('control.totals'), view.totals, 'th')),
    ),
    disciplineChart(view.items),
  );
}

/** Horizontal bars of discipline % per organization (SVG, no library). */
function disciplineChart(items) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = (tag, attributes, text) => {
    const element = document.createElementNS(ns, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const rowHeight = 24;
  const label = 260;
  const width = 640;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${items.length * rowHeight + 8}`, role: 'img', 'aria-label': t('control.chart'), class: 'chart' });
  items.forEach((item, i) => {
    const y = i * rowHeight + 4;
    const value = item.discipline ?? 0;
    chart.append(
      svg('text', { x: 0, y: y + 15, class: 'label' }, item.organizationName.length > 36 ? `${item.organizationName.slice(0, 35)}…` : item.organizationName),
      svg('rect', { x: label, y, width: ((width - label - 60) * value) / 100, height: rowHeight - 8, class: value >= 90 ? 'good' : value >= 70 ? 'fair' : 'poor' }),
      svg('text', { x: width - 50, y: y + 15, class: 'value' }, percent(item.discipline)),
    );
  });
  return h('figure', {}, h('figcaption', {}, t('control.chart')), chart);
}

async function renderOverdue(section) {
  const body = h('tbody');
  const sortButton = (key) =>
    h(
      'button',
      {
        type: 'button',
        class: 'sort',
        'data-sort': key,
        'aria-sort': controlState.sort === key ? (controlState.order === 'asc' ? 'ascending' : 'descending') : 'none',
        onclick: () => {
          controlState.order = controlState.sort === key && controlState.order === 'desc' ? 'asc' : 'desc';
          controlState.sort = key;
          void guarded(section, () => renderOverdue(section));
        },
      },
      t(`control.${key}`),
      controlState.sort === key ? (controlState.order === 'asc' ? ' ▲' : ' ▼') : '',
    );
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('more'));
  const table = h(
    'table',
    { class: 'list' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, t('control.task')), h('th', {}, t('control.executor')), h('th', {}, t('control.organization')), h('th', {}, sortButton('dueAt')), h('th', { class: 'n' }, sortButton('daysOverdue'))),
    ),
    body,
  );
  const load = async (cursor) => {
    const page = await api('GET', `/control/overdue${query({ sort: controlState.sort, order: controlState.order, limit: 50, cursor })}`);
    body.append(
      ...page.items.map((task) =>
        h('tr', {}, h('td', {}, task.title), h('td', {}, task.executorName), h('td', {}, task.organizationName), h('td', {}, formatDate(task.dueAt)), h('td', { class: 'n' }, task.daysOverdue)),
      ),
    );
    more.hidden = !page.nextCursor;
    more.onclick = () => void guarded(section, () => load(page.nextCursor));
    return page;
  };
  const first = await load();
  section.replaceChildren(
    h('h2', {}, t('control.overdueList')),
    first.items.length ? table : h('p', { class: 'muted' }, t('control.noOverdue')),
    more,
  );
}

function exportXlsx() {
  const path = `/control/export${query({ format: 'xlsx', lang: language(), from: controlState.from, to: controlState.to })}`;
  return download(path, `kelisim-control-${new Date().toISOString().slice(0, 10)}.xlsx`);
}

/** Every page of a list (the API gives at most 200 at a time). */
async function all(path) {
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
async function peoplePicker(name, { multiple = false, required = false } = {}) {
  directory ??= Promise.all([all('/users?active=true'), all('/organizations')]);
  const [users, organizations] = await directory;
  const byOrganization = new Map(organizations.map((o) => [o.id, { name: o.name, people: [] }]));
  for (const user of users) byOrganization.get(user.organizationId)?.people.push(user);
  return h(
    'select',
    { name, multiple, required, size: multiple ? 8 : undefined },
    multiple ? null : h('option', { value: '' }, '—'),
    [...byOrganization.values()]
      .filter((o) => o.people.length)
      .map((o) => h('optgroup', { label: o.name }, o.people.map((user) => h('option', { value: user.id }, user.position ? `${user.fullName} — ${user.position}` : user.fullName)))),
  );
}

async function newTaskView() {
  const executors = await peoplePicker('executors', { multiple: true, required: true });
  const form = h(
    'form',
    { class: 'card', id: 'new-task-form' },
    h('label', {}, t('newTask.title'), h('input', { name: 'title', required: true, maxlength: 500 })),
    h('label', {}, t('newTask.description'), h('textarea', { name: 'description', rows: 3, maxlength: 10000 })),
    h('label', {}, t('newTask.executors'), executors),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('newTask.dueAt', { zone: myZone() }), h('input', { type: 'datetime-local', name: 'dueAt' })),
      h('label', {}, t('newTask.dueInWorkingDays'), h('input', { type: 'number', name: 'dueInWorkingDays', min: 1, max: 250 })),
      h(
        'label',
        {},
        t('newTask.priority'),
        h('select', { name: 'priority' }, ['low', 'normal', 'high', 'urgent'].map((p) => h('option', { value: p, selected: p === 'normal' }, t(`priority.${p}`)))),
      ),
    ),
    h('button', { type: 'submit' }, t('newTask.submit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    form.querySelector('.alert')?.remove();
    const data = new FormData(form);
    const chosen = data.getAll('executors').map(String);
    const dueAt = String(data.get('dueAt') ?? '');
    const days = String(data.get('dueInWorkingDays') ?? '');
    const body = {
      title: String(data.get('title')),
      ...(String(data.get('description') ?? '').trim() ? { description: String(data.get('description')) } : {}),
      ...(chosen.length === 1 ? { executorId: chosen[0] } : { executorIds: chosen }),
      // The wall time typed is the controller's zone's; left empty, the working days count (the API says if neither is given).
      ...(dueAt ? { dueAt: instantOf(dueAt, myZone()) } : days ? { dueInWorkingDays: Number(days) } : {}),
      priority: data.get('priority'),
    };
    void guarded(form, async () => {
      const issued = await api('POST', '/tasks', { body });
      if (issued.id) {
        location.hash = `#/tasks/${issued.id}`;
        return;
      }
      show(
        h('h1', {}, t('newTask.issued', { n: issued.items.length })),
        h('ul', { id: 'issued' }, issued.items.map((task) => h('li', {}, h('a', { href: `#/tasks/${task.id}` }, task.title), ` — ${t('tasks.due', { date: formatDate(task.dueAt) })}`))),
      );
    });
  });
  show(h('h1', {}, t('control.newTask')), form);
}

// ---------------------------------------------------------------------------------------------
// My tasks: the executor's home
// ---------------------------------------------------------------------------------------------

async function tasksView() {
  const list = h('section', { id: 'tasks' });
  const inbox = h('section', { id: 'notifications' });
  show(h('h1', {}, t('tasks.title')), list, h('h2', {}, t('notifications.title')), inbox);
  await Promise.all([guarded(list, () => renderTasks(list)), guarded(inbox, () => renderNotifications(inbox))]);
}

async function renderTasks(section) {
  const page = await api('GET', `/tasks${query({ executorId: state.me.id, limit: 100 })}`);
  if (page.items.length === 0) return section.replaceChildren(h('p', { class: 'muted' }, t('tasks.empty')));
  section.replaceChildren(...page.items.map((task) => taskCard(task, section)));
}

function taskCard(task, section) {
  const card = h(
    'article',
    { class: `card task ${task.overdue ? 'late' : ''}`, 'data-task': task.id },
    h('h3', {}, h('a', { href: `#/tasks/${task.id}` }, task.title)),
    taskMeta(task),
  );
  card.append(...taskActions(task, card, () => renderTasks(section)));
  return card;
}

function taskMeta(task) {
  return h(
    'p',
    { class: 'meta' },
    h('span', { class: `status ${task.status}` }, t(`status.${task.status}`)),
    ' · ',
    t('tasks.due', { date: formatDate(task.dueAt) }),
    task.overdue ? h('span', { class: 'badge' }, t('tasks.overdue')) : null,
    task.priority !== 'normal' ? h('span', { class: 'badge priority' }, t(`priority.${task.priority}`)) : null,
  );
}

/** A form that posts to the task and reloads; a stale revision reloads first, then says so. */
function taskStep(where, reload, fields, button, send) {
  const form = h('form', { class: 'step-form' }, fields, button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void guarded(where, async () => {
      try {
        await send(new FormData(form));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        await reload();
        main().prepend(alertBox(error));
        return;
      }
      await reload();
    });
  });
  return form;
}

/** What the signed-in user may do with the task now: the executor's steps, and the controller's on a task's page. */
function taskActions(task, where, reload) {
  const post = (path, body) => api('POST', `/tasks/${task.id}${path}`, { body, revision: task.revision });
  const step = (fields, button, send) => taskStep(where, reload, fields, button, send);
  const reason = (label = t('memoranda.reason')) => h('label', {}, label, h('input', { type: 'text', name: 'reason', required: true, maxlength: 2000 }));
  const open = ['assigned', 'in_progress', 'report_submitted'].includes(task.status);
  const actions = [];
  if (task.executorId === state.me.id) {
    if (task.status === 'assigned') {
      actions.push(step([], h('button', { type: 'submit', class: 'acknowledge' }, t('tasks.acknowledge')), () => post('/acknowledge')));
    }
    if (task.status === 'in_progress') {
      const text = h('label', {}, t('tasks.reportText'), h('textarea', { name: 'text', required: true, maxlength: 10000, rows: 3 }));
      const form = step([text], h('button', { type: 'submit' }, t('tasks.submitReport')), (data) => post('/reports', { text: data.get('text') }));
      form.classList.add('report');
      actions.push(form);
    }
    if (open) {
      const when = h('label', {}, `${t('tasks.proposedDueAt')} (${myZone()})`, h('input', { type: 'datetime-local', name: 'proposedDueAt', required: true }));
      const form = step([when, reason(t('tasks.reason'))], h('button', { type: 'submit', class: 'secondary' }, t('tasks.requestExtension')), (data) =>
        // The wall time the executor typed, in their zone (not the browser's); the API takes an instant.
        post('/extension-requests', { proposedDueAt: instantOf(String(data.get('proposedDueAt')), myZone()), reason: data.get('reason') }),
      );
      form.classList.add('extension');
      actions.push(h('details', {}, h('summary', {}, t('tasks.requestExtension')), form));
    }
  }
  if (isController() && task.reports) {
    if (task.status === 'report_submitted') {
      actions.push(
        step([], h('button', { type: 'submit', id: 'accept-report' }, t('task.accept')), () => post('/accept')),
        step([reason()], h('button', { type: 'submit', class: 'secondary', id: 'return-report' }, t('task.return')), (data) => post('/return', { reason: data.get('reason') })),
      );
    }
    for (const request of task.extensionRequests.filter((r) => r.status === 'pending')) {
      actions.push(
        h('h3', {}, `${t('task.extensionRequests')}: ${t('task.proposed', { date: formatDate(request.proposedDueAt) })}`),
        h('p', {}, request.reason),
        step([], h('button', { type: 'submit', id: 'approve-extension' }, t('task.approveExtension')), () => post(`/extension-requests/${request.id}/approve`, {})),
        step([reason()], h('button', { type: 'submit', class: 'secondary', id: 'reject-extension' }, t('task.rejectExtension')), (data) =>
          post(`/extension-requests/${request.id}/reject`, { reason: data.get('reason') }),
        ),
      );
    }
    if (open) {
      const cancel = step([reason()], h('button', { type: 'submit', class: 'secondary', id: 'cancel-task' }, t('task.cancel')), (data) => post('/cancel', { reason: data.get('reason') }));
      actions.push(h('details', {}, h('summary', {}, t('task.cancel')), cancel));
    }
  }
  return actions;
}

/** One task: what it asks, who does it, its reports and extension requests, and the user's steps. */
async function taskView(id) {
  const task = await api('GET', `/tasks/${id}`).catch((error) => error);
  if (task instanceof Error) return task instanceof SignedOut ? undefined : show(alertBox(task));
  const people = await namesOf('users', [task.executorId, task.controllerId, ...task.reports.map((r) => r.submittedBy)]);
  const organizations = await namesOf('organizations', [task.executorOrganizationId]);
  const page = h(
    'article',
    { class: 'task-page', 'data-task': task.id },
    h('h1', {}, task.title),
    taskMeta(task),
    h(
      'p',
      { class: 'meta' },
      `${t('control.executor')}: ${people.get(task.executorId)} (${organizations.get(task.executorOrganizationId)}) · ${t('task.controller')}: ${people.get(task.controllerId)}`,
      task.extensionCount ? ` · ${t('task.extensions', { n: task.extensionCount })} · ${t('task.originalDue', { date: formatDate(task.originalDueAt) })}` : '',
    ),
    task.description ? h('p', {}, task.description) : null,
    h('h2', {}, t('task.reports')),
    task.reports.length
      ? h(
          'ul',
          { id: 'reports', class: 'inbox' },
          task.reports.map((r) =>
            h(
              'li',
              {},
              h('p', {}, r.text),
              h('small', {}, `${people.get(r.submittedBy)}, ${formatDate(r.submittedAt)}`),
              r.decision ? h('p', { class: `decision ${r.decision}` }, t(`decision.${r.decision}`, { reason: r.decisionReason ?? '' })) : null,
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('task.noReports')),
    task.extensionRequests.length
      ? [
          h('h2', {}, t('task.extensionRequests')),
          h(
            'ul',
            { id: 'extension-requests' },
            task.extensionRequests.map((r) => h('li', {}, `${t('task.proposed', { date: formatDate(r.proposedDueAt) })} — ${r.reason} · ${t(`extension.${r.status}`)}`)),
          ),
        ]
      : null,
  );
  const actions = taskActions(task, page, () => taskView(id));
  if (actions.length) page.append(h('section', { class: 'card', id: 'task-actions' }, h('h2', {}, t('memoranda.yourAction')), actions));
  show(page);
}

/** Where a notification's subject is shown. */
const SUBJECT_PAGES = { task: '#/tasks/', memorandum: '#/memoranda/', meeting: '#/meetings/', working_group: '#/groups/' };

async function renderNotifications(section) {
  const page = await api('GET', '/me/notifications?limit=20');
  if (page.items.length === 0) return section.replaceChildren(h('p', { class: 'muted' }, t('notifications.empty')));
  section.replaceChildren(
    h(
      'ul',
      { class: 'inbox' },
      page.items.map((item) =>
        h(
          'li',
          { class: item.readAt ? 'read' : 'unread' },
          h('strong', {}, SUBJECT_PAGES[item.subject?.type] ? h('a', { href: `${SUBJECT_PAGES[item.subject.type]}${item.subject.id}` }, item.title) : item.title),
          h('p', {}, item.body),
          h('small', {}, formatDate(item.createdAt), ' '),
          item.readAt
            ? null
            : h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () =>
                    void guarded(section, async () => {
                      await api('POST', `/me/notifications/${item.id}/read`);
                      await renderNotifications(section);
                    }),
                },
                t('notifications.read'),
              ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Memoranda: parties, versions, the open version's stage, remarks, the diff, my action
// ---------------------------------------------------------------------------------------------

const memorandaState = { waitingForMe: false };

async function memorandaView() {
  const filter = h('label', { class: 'inline' }, h('input', { type: 'checkbox', id: 'waiting', checked: memorandaState.waitingForMe }), t('memoranda.waitingForMe'));
  filter.querySelector('input').addEventListener('change', (event) => {
    memorandaState.waitingForMe = event.target.checked;
    void memorandaView();
  });
  const list = h('section', { id: 'memoranda' });
  show(h('h1', {}, t('memoranda.title')), h('p', {}, h('a', { href: '#/memoranda/new', class: 'button', id: 'new-memorandum' }, t('memoranda.new'))), filter, list);
  await guarded(list, async () => {
    const page = await api('GET', `/memoranda${query({ limit: 100, waitingForMe: memorandaState.waitingForMe ? 'true' : undefined })}`);
    if (page.items.length === 0) return list.replaceChildren(h('p', { class: 'muted' }, t('memoranda.empty')));
    list.replaceChildren(
      h(
        'table',
        { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', {}, t('groups.name')), h('th', {}, t('memoranda.status')), h('th', {}, t('memoranda.inForce')), h('th', {}, t('memoranda.openVersion')))),
        h(
          'tbody',
          {},
          page.items.map((m) => {
            const open = m.versions.find((v) => v.number === m.openVersion);
            return h(
              'tr',
              { 'data-memorandum': m.id },
              h('td', {}, h('a', { href: `#/memoranda/${m.id}` }, m.title)),
              h('td', {}, t(`memorandumStatus.${m.status}`)),
              h('td', {}, m.versionInForce ? t('memoranda.version', { n: m.versionInForce }) : '—'),
              h('td', {}, open ? `${t('memoranda.version', { n: open.number })}: ${t(`versionStatus.${open.status}`)}` : '—'),
            );
          }),
        ),
      ),
    );
  });
}

async function memorandumView(id) {
  const memorandum = await api('GET', `/memoranda/${id}`).catch((error) => error);
  if (memorandum instanceof Error) return memorandum instanceof SignedOut ? undefined : show(alertBox(memorandum));
  const shown = memorandum.openVersion ?? memorandum.versionInForce ?? memorandum.versions.at(-1)?.number;
  const version = shown ? await api('GET', `/memoranda/${id}/versions/${shown}`) : null;
  const diff =
    version && memorandum.versionInForce && memorandum.versionInForce !== shown
      ? await api('GET', `/memoranda/${id}/versions/${shown}/diff?against=${memorandum.versionInForce}`)
      : null;
  const organizations = await namesOf('organizations', [memorandum.reviewerOrganizationId, ...memorandum.parties.map((p) => p.organizationId)]);
  const people = await namesOf('users', [
    ...memorandum.parties.map((p) => p.signatoryId),
    ...(version ? [...version.remarks.map((r) => r.by), ...version.approvals.map((a) => a.by), ...version.signatures.map((x) => x.by)] : []),
  ]);
  const approvals = new Map((version?.approvals ?? []).map((a) => [a.organizationId, a]));
  const signatures = new Map((version?.signatures ?? []).map((x) => [x.organizationId, x]));
  const partyState = (organizationId) => {
    const signed = signatures.get(organizationId);
    if (signed) return `${t('memoranda.signed')} ${formatDate(signed.at)}`;
    const approved = approvals.get(organizationId);
    if (approved && version.status !== 'in_force') return `${t('memoranda.approved')} ${formatDate(approved.at)}`;
    return version?.awaiting.includes(organizationId) ? t('memoranda.awaiting') : '';
  };
  show(
    h('h1', {}, memorandum.title),
    h(
      'p',
      { class: 'meta' },
      t(`memorandumStatus.${memorandum.status}`),
      memorandum.versionInForce ? ` · ${t('memoranda.inForce')}: ${t('memoranda.version', { n: memorandum.versionInForce })}` : '',
    ),
    memorandum.purpose ? h('p', {}, memorandum.purpose) : null,
    h('h2', {}, t('memoranda.parties')),
    h(
      'table',
      { class: 'list', id: 'parties' },
      h('thead', {}, h('tr', {}, h('th', {}, t('control.organization')), h('th', {}, t('memoranda.signatory')), h('th', {}, version ? t('memoranda.version', { n: version.number }) : ''))),
      h(
        'tbody',
        {},
        memorandum.parties.map((party) =>
          h('tr', { 'data-party': party.organizationId }, h('td', {}, organizations.get(party.organizationId)), h('td', {}, people.get(party.signatoryId)), h('td', {}, partyState(party.organizationId))),
        ),
      ),
    ),
    h('h2', {}, t('memoranda.versions')),
    h(
      'ul',
      { id: 'versions' },
      memorandum.versions.map((v) =>
        h(
          'li',
          {},
          `${t('memoranda.version', { n: v.number })}: ${t(`versionStatus.${v.status}`)}`,
          v.enteredIntoForceAt ? ` · ${t('memoranda.enteredIntoForce', { date: formatDate(v.enteredIntoForceAt) })}` : '',
          v.stageDueAt && ['in_review', 'approval', 'signing'].includes(v.status) ? ` · ${t('memoranda.stageDue', { date: formatDate(v.stageDueAt) })}` : '',
        ),
      ),
    ),
    version ? versionSection(memorandum, version, organizations, people, diff) : null,
  );
}

function versionSection(memorandum, version, organizations, people, diff) {
  const section = h('section', { id: 'version', 'data-version': version.number });
  const formats = ['pdf', 'docx'].map((format) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => void guarded(section, () => download(`/memoranda/${memorandum.id}/versions/${version.number}/export?format=${format}&lang=${language()}`, `memorandum-v${version.number}.${format}`)),
      },
      `${t('memoranda.download')} ${format.toUpperCase()}`,
    ),
  );
  section.append(
    h('h2', {}, `${t('memoranda.version', { n: version.number })}: ${t(`versionStatus.${version.status}`)}`),
    h('p', { class: 'actions' }, formats),
    memorandumActions(memorandum, version, section),
  );
  if (version.remarks.length) {
    section.append(
      h('h3', {}, t('memoranda.remarks')),
      h(
        'ul',
        { id: 'remarks' },
        version.remarks.map((r) => h('li', {}, h('strong', {}, `${t('memoranda.clause', { n: r.clause })}: `), r.text, h('small', {}, ` — ${people.get(r.by)}, ${t('memoranda.round', { n: r.round })}`))),
      ),
    );
  }
  if (diff) {
    const changes = diff.clauses.filter((c) => c.change !== 'unchanged');
    section.append(
      h('h3', {}, t('memoranda.diff', { n: diff.from.number })),
      changes.length === 0
        ? h('p', { class: 'muted' }, t('memoranda.noChanges'))
        : h(
            'ul',
            { id: 'diff', class: 'diff' },
            changes.map((c) =>
              h(
                'li',
                { class: c.change },
                h('strong', {}, `${t(`change.${c.change}`)} · ${t('memoranda.clause', { n: c.after ?? c.before })}`),
                c.beforeText !== null && c.change !== 'added' ? h('del', {}, c.beforeText) : null,
                c.afterText !== null && c.change !== 'removed' ? h('ins', {}, c.afterText) : null,
              ),
            ),
          ),
    );
  }
  section.append(h('h3', {}, t('memoranda.text')), h('ol', { class: 'clauses' }, version.clauses.map((c) => h('li', {}, c.text))));
  return section;
}

/** The one step the signed-in user may take on this version now, if any (the API decides again). */
function memorandumActions(memorandum, version, section) {
  const me = state.me;
  const mine = memorandum.parties.find((p) => p.signatoryId === me.id && version.awaiting.includes(p.organizationId));
  const step = (path, body) => async () => {
    await api('POST', `/memoranda/${memorandum.id}/versions/${version.number}/${path}`, { body, revision: memorandum.revision });
    await memorandumView(memorandum.id);
  };
  const form = (fields, buttons) => {
    const element = h('form', { class: 'card step' }, h('h3', {}, t('memoranda.yourAction')), fields, h('p', { class: 'actions' }, buttons));
    element.addEventListener('submit', (event) => event.preventDefault());
    return element;
  };
  const run = (element, work) => (event) => {
    event.preventDefault();
    if (!element.reportValidity()) return;
    void guarded(section, () => work(new FormData(element)));
  };
  if (version.status === 'draft' && me.organizationId === version.drafterOrganizationId) {
    return clauseEditor(memorandum, version, section);
  }
  if (memorandum.status === 'active' && !memorandum.openVersion && memorandum.parties.some((p) => p.organizationId === me.organizationId)) {
    const element = form([h('label', {}, t('memoranda.amendReason'), h('input', { name: 'reason', required: true, maxlength: 4000 }))], []);
    const amend = async (data) => {
      await api('POST', `/memoranda/${memorandum.id}/amendments`, { body: { reason: String(data.get('reason')) }, revision: memorandum.revision });
      await memorandumView(memorandum.id);
    };
    element.querySelector('.actions').append(h('button', { type: 'button', id: 'open-amendment', onclick: run(element, amend) }, t('memoranda.amend')));
    return element;
  }
  if (version.status === 'in_review' && me.roles.includes('prosecutor') && me.organizationId === memorandum.reviewerOrganizationId) {
    const element = form(
      [
        h('label', {}, t('memoranda.comment'), h('input', { name: 'comment', maxlength: 4000 })),
        h('label', {}, t('memoranda.remarkClause'), h('input', { name: 'clause', type: 'number', min: 1, max: version.clauses.length })),
        h('label', {}, t('memoranda.remarkText'), h('textarea', { name: 'remark', rows: 2, maxlength: 4000 })),
      ],
      [],
    );
    const comment = (data) => String(data.get('comment') ?? '').trim() || undefined;
    element.querySelector('.actions').append(
      h('button', { type: 'button', id: 'clear-version', onclick: run(element, (data) => step('clear', { comment: comment(data) })()) }, t('memoranda.clear')),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          id: 'return-version',
          onclick: run(element, (data) => step('return', { remarks: [{ clause: Number(data.get('clause')), text: String(data.get('remark') ?? '') }] })()),
        },
        t('memoranda.return'),
      ),
    );
    return element;
  }
  if (mine && (version.status === 'approval' || version.status === 'signing') && me.roles.includes('signatory')) {
    const approval = version.status === 'approval';
    const element = form(
      [
        approval ? h('label', {}, t('memoranda.comment'), h('input', { name: 'comment', maxlength: 4000 })) : null,
        h('label', {}, t('memoranda.reason'), h('input', { name: 'reason', maxlength: 4000 })),
      ],
      [],
    );
    const text = (data, name) => String(data.get(name) ?? '').trim() || undefined;
    element.querySelector('.actions').append(
      approval
        ? h('button', { type: 'button', id: 'approve-version', onclick: run(element, (data) => step('approve', { comment: text(data, 'comment') })()) }, t('memoranda.approve'))
        : h('button', { type: 'button', id: 'sign-version', onclick: run(element, step('sign', { signature: { textHash: version.textHash } })) }, t('memoranda.sign')),
      h(
        'button',
        { type: 'button', class: 'secondary', id: approval ? 'reject-version' : 'decline-version', onclick: run(element, (data) => step(approval ? 'reject' : 'decline', { reason: text(data, 'reason') ?? '' })()) },
        t(approval ? 'memoranda.reject' : 'memoranda.decline'),
      ),
    );
    return element;
  }
  return h('p', { class: 'muted', id: 'no-action' }, t('memoranda.noAction'));
}

/** The drafter's text of a draft version: clauses to edit, add and remove; save, or save and submit. */
/** A clause to edit, with its remove button. */
function clauseItem(text) {
  const item = h('li', {}, h('textarea', { name: 'clause', rows: 3, required: true, maxlength: 20000 }));
  item.querySelector('textarea').value = text;
  item.append(h('button', { type: 'button', class: 'link remove-clause', onclick: () => item.remove() }, t('memoranda.removeClause')));
  return item;
}

function clauseEditor(memorandum, version, section) {
  const list = h('ol', { class: 'clause-editor' }, version.clauses.map((c) => clauseItem(c.text)));
  const editor = h(
    'form',
    { class: 'card step', id: 'clause-editor' },
    h('h3', {}, t('memoranda.yourAction')),
    list,
    h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-clause', onclick: () => list.append(clauseItem('')) }, t('memoranda.addClause'))),
  );
  const path = `/memoranda/${memorandum.id}/versions/${version.number}`;
  const saveText = () => {
    const clauses = [...list.querySelectorAll('textarea')].map((area) => ({ text: area.value }));
    return api('PUT', `${path}/clauses`, { body: { clauses }, revision: memorandum.revision });
  };
  const save = async () => {
    await saveText();
    await memorandumView(memorandum.id);
  };
  // What is on the screen is what goes to the prosecutor's office: saved first, then submitted.
  const submit = async () => {
    const saved = await saveText();
    await api('POST', `${path}/submit`, { revision: saved.revision });
    await memorandumView(memorandum.id);
  };
  const run = (work) => (event) => {
    event.preventDefault();
    if (editor.reportValidity()) void guarded(section, work);
  };
  editor.addEventListener('submit', (event) => event.preventDefault());
  editor
    .querySelector('.actions')
    .append(h('button', { type: 'button', id: 'save-clauses', onclick: run(save) }, t('memoranda.saveText')), h('button', { type: 'button', id: 'submit-version', onclick: run(submit) }, t('memoranda.submit')));
  return editor;
}

/** Anyone drafts a memorandum for their organization: parties with their signatories, the reviewer, the clauses. */
async function newMemorandumView() {
  directory ??= Promise.all([all('/users?active=true'), all('/organizations')]);
  const [users, organizations] = await directory;
  const organizationOptions = (filter) => organizations.filter(filter).map((o) => h('option', { value: o.id }, o.name));
  const signatories = (organizationId) => users.filter((u) => u.organizationId === organizationId && u.roles.includes('signatory'));
  const parties = h('ol', { id: 'parties-editor' });
  const party = () => {
    const signatory = h('select', { name: 'signatoryId', required: true });
    const organization = h('select', { name: 'partyOrganizationId', required: true }, h('option', { value: '' }, '—'), organizationOptions(() => true));
    organization.addEventListener('change', () =>
      signatory.replaceChildren(...signatories(organization.value).map((u) => h('option', { value: u.id }, u.position ? `${u.fullName} — ${u.position}` : u.fullName))),
    );
    const item = h(
      'li',
      { class: 'period' },
      h('label', {}, t('control.organization'), organization),
      h('label', {}, t('memoranda.signatory'), signatory),
      h('button', { type: 'button', class: 'link', onclick: () => item.remove() }, t('memoranda.removeClause')),
    );
    return item;
  };
  parties.append(party());
  const clauses = h('ol', { class: 'clause-editor' }, clauseItem(''));
  const form = h(
    'form',
    { class: 'card', id: 'memorandum-form' },
    h('label', {}, t('groups.name'), h('input', { name: 'title', required: true, maxlength: 500 })),
    h('label', {}, t('memoranda.purpose'), h('textarea', { name: 'purpose', rows: 2, maxlength: 4000 })),
    h('label', {}, t('memoranda.reviewer'), h('select', { name: 'reviewerOrganizationId', required: true }, organizationOptions((o) => o.kind === 'prosecutor'))),
    h('h3', {}, t('memoranda.parties')),
    parties,
    h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'add-party', onclick: () => parties.append(party()) }, t('memoranda.addParty'))),
    h('h3', {}, t('memoranda.text')),
    clauses,
    h('p', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', id: 'add-clause', onclick: () => clauses.append(clauseItem('')) }, t('memoranda.addClause')), h('button', { type: 'submit' }, t('memoranda.create'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    form.querySelector('.alert')?.remove();
    const data = new FormData(form);
    const signatoryIds = data.getAll('signatoryId').map(String);
    const body = {
      title: String(data.get('title')),
      ...(String(data.get('purpose') ?? '').trim() ? { purpose: String(data.get('purpose')) } : {}),
      reviewerOrganizationId: String(data.get('reviewerOrganizationId')),
      parties: data.getAll('partyOrganizationId').map((organizationId, i) => ({ organizationId: String(organizationId), signatoryId: signatoryIds[i] })),
      clauses: data.getAll('clause').map((text) => ({ text: String(text) })),
    };
    void guarded(form, async () => {
      const memorandum = await api('POST', '/memoranda', { body });
      location.hash = `#/memoranda/${memorandum.id}`;
    });
  });
  show(h('h1', {}, t('memoranda.new')), form);
}

// ---------------------------------------------------------------------------------------------
// Working groups and meetings: members, agenda, decisions and the tasks they issued
// ---------------------------------------------------------------------------------------------

async function groupsView() {
  const groups = h('section', { id: 'working-groups' });
  const meetings = h('section', { id: 'meetings' });
  show(
    h('h1', {}, t('groups.title')),
    h('h2', {}, t('groups.workingGroups')),
    isController() ? h('p', {}, h('a', { href: '#/groups/new', class: 'button', id: 'form-group' }, t('groups.form'))) : null,
    groups,
    h('h2', {}, t('groups.meetings')),
    isController() ? h('p', {}, h('a', { href: '#/meetings/new', class: 'button', id: 'schedule-meeting' }, t('meetings.schedule'))) : null,
    meetings,
  );
  await Promise.all([
    guarded(groups, async () => {
      const page = await api('GET', '/working-groups?limit=100');
      const chairs = await namesOf('users', page.items.map((g) => g.chairId));
      groups.replaceChildren(
        page.items.length === 0
          ? h('p', { class: 'muted' }, t('groups.none'))
          : h(
              'table',
              { class: 'list' },
              h('thead', {}, h('tr', {}, h('th', {}, t('groups.name')), h('th', {}, t('groups.chair')), h('th', { class: 'n' }, t('groups.members')), h('th', {}, t('memoranda.status')))),
              h(
                'tbody',
                {},
                page.items.map((g) =>
                  h(
                    'tr',
                    { 'data-group': g.id },
                    h('td', {}, h('a', { href: `#/groups/${g.id}` }, g.name)),
                    h('td', {}, chairs.get(g.chairId)),
                    h('td', { class: 'n' }, g.members.length),
                    h('td', {}, t(`groupStatus.${g.status}`)),
                  ),
                ),
              ),
            ),
      );
    }),
    guarded(meetings, async () => {
      const page = await api('GET', '/meetings?limit=100');
      meetings.replaceChildren(
        page.items.length === 0
          ? h('p', { class: 'muted' }, t('groups.none'))
          : h(
              'table',
              { class: 'list' },
              h('thead', {}, h('tr', {}, h('th', {}, t('groups.name')), h('th', {}, t('meetings.when')), h('th', {}, t('memoranda.status')))),
              h(
                'tbody',
                {},
                page.items.map((m) =>
                  h('tr', { 'data-meeting': m.id }, h('td', {}, h('a', { href: `#/meetings/${m.id}` }, m.title)), h('td', {}, formatDate(m.scheduledAt)), h('td', {}, t(`meetingStatus.${m.status}`))),
                ),
              ),
            ),
      );
    }),
  ]);
}

const progress = (rollUp) => t('groups.progress', rollUp);

async function workingGroupView(id) {
  const group = await api('GET', `/working-groups/${id}`).catch((error) => error);
  if (group instanceof Error) return group instanceof SignedOut ? undefined : show(alertBox(group));
  const people = await namesOf('users', [...group.history.map((m) => m.userId), ...group.tasks.items.map((task) => task.executorId)]);
  const former = group.history.filter((m) => m.leftAt);
  // The chair and controllers change an active group's members (the API checks it again).
  const manages = group.status === 'active' && (isController() || group.chairId === state.me.id);
  const change = async (method, path, body) => {
    await api(method, `/working-groups/${id}${path}`, { body, revision: group.revision });
    await workingGroupView(id);
  };
  show(
    h('h1', {}, group.name),
    h('p', { class: 'meta' }, t(`groupStatus.${group.status}`)),
    h('p', {}, h('strong', {}, `${t('groups.mandate')}: `), group.mandate),
    h('h2', {}, t('groups.members')),
    h(
      'ul',
      { id: 'members' },
      group.members.map((m) =>
        h(
          'li',
          { 'data-role': m.role, 'data-member': m.userId },
          h('strong', {}, people.get(m.userId)),
          ` — ${t(`role.${m.role}`)}, ${t('groups.joined', { date: formatDate(m.joinedAt) })} `,
          manages && m.role !== 'chair'
            ? h('button', { type: 'button', class: 'link remove-member', onclick: () => void guarded(null, () => change('DELETE', `/members/${m.userId}`)) }, t('groups.remove'))
            : null,
        ),
      ),
    ),
    manages ? await membershipForm(change) : null,
    former.length
      ? [
          h('h3', {}, t('groups.formerMembers')),
          h('ul', { id: 'former-members' }, former.map((m) => h('li', {}, `${people.get(m.userId)} — ${t(`role.${m.role}`)}, ${t('groups.left', { from: formatDate(m.joinedAt), to: formatDate(m.leftAt) })}`))),
        ]
      : null,
    h('h2', {}, t('groups.tasks')),
    h('p', { id: 'group-progress' }, progress(group.tasks)),
    group.tasks.items.length
      ? h(
          'table',
          { class: 'list' },
          h('thead', {}, h('tr', {}, h('th', {}, t('control.task')), h('th', {}, t('control.executor')), h('th', {}, t('control.dueAt')), h('th', {}, t('memoranda.status')))),
          h(
            'tbody',
            {},
            group.tasks.items.map((task) =>
              h(
                'tr',
                { class: task.overdue ? 'late' : '' },
                h('td', {}, task.title),
                h('td', {}, people.get(task.executorId)),
                h('td', {}, formatDate(task.dueAt)),
                h('td', {}, t(`status.${task.status}`), task.overdue ? h('span', { class: 'badge' }, t('tasks.overdue')) : null),
              ),
            ),
          ),
        )
      : null,
  );
}

/** Adding someone to the group (a new chair or secretary replaces the previous one), or disbanding it. */
async function membershipForm(change) {
  const form = h(
    'form',
    { class: 'card step', id: 'membership-form' },
    h('h3', {}, t('groups.addMember')),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('groups.person'), await peoplePicker('userId', { required: true })),
      h('label', {}, t('groups.role'), h('select', { name: 'role' }, ['member', 'secretary', 'chair'].map((role) => h('option', { value: role }, t(`role.${role}`))))),
      h('button', { type: 'submit', id: 'add-member' }, t('groups.addMember')),
    ),
    h('details', {}, h('summary', {}, t('groups.disband')), h('button', { type: 'button', class: 'secondary', id: 'disband-group', onclick: () => void guarded(form, () => change('POST', '/disband')) }, t('groups.disband'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    void guarded(form, () => change('POST', '/members', { userId: String(data.get('userId')), role: String(data.get('role')) }));
  });
  return form;
}

/** A controller forms a working group: name, mandate, chair, secretary and members. */
async function formGroupView() {
  const form = h(
    'form',
    { class: 'card', id: 'group-form' },
    h('label', {}, t('groups.name'), h('input', { name: 'name', required: true, maxlength: 500 })),
    h('label', {}, t('groups.mandate'), h('textarea', { name: 'mandate', required: true, rows: 3, maxlength: 4000 })),
    h('div', { class: 'period' }, h('label', {}, t('groups.chair'), await peoplePicker('chairId', { required: true })), h('label', {}, t('groups.secretary'), await peoplePicker('secretaryId'))),
    h('label', {}, t('groups.members'), await peoplePicker('memberIds', { multiple: true })),
    h('button', { type: 'submit' }, t('groups.form')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    form.querySelector('.alert')?.remove();
    const data = new FormData(form);
    const secretaryId = String(data.get('secretaryId') ?? '');
    const body = {
      name: String(data.get('name')),
      mandate: String(data.get('mandate')),
      chairId: String(data.get('chairId')),
      ...(secretaryId ? { secretaryId } : {}),
      memberIds: data.getAll('memberIds').map(String),
    };
    void guarded(form, async () => {
      const group = await api('POST', '/working-groups', { body });
      location.hash = `#/groups/${group.id}`;
    });
  });
  show(h('h1', {}, t('groups.form')), form);
}

async function meetingView(id) {
  const meeting = await api('GET', `/meetings/${id}`).catch((error) => error);
  if (meeting instanceof Error) return meeting instanceof SignedOut ? undefined : show(alertBox(meeting));
  const people = await namesOf('users', [meeting.chairId, ...meeting.participantIds, ...meeting.agenda.map((a) => a.speakerId)]);
  show(
    h('h1', {}, meeting.title),
    h(
      'p',
      { class: 'meta' },
      `${t(`meetingStatus.${meeting.status}`)} · ${formatDate(meeting.scheduledAt)}`,
      meeting.location ? ` · ${meeting.location}` : '',
      ` · ${t('groups.chair')}: ${people.get(meeting.chairId)}`,
    ),
    h('h2', {}, t('meetings.agenda')),
    h(
      'ol',
      { id: 'agenda' },
      meeting.agenda.map((item) => h('li', {}, item.title, item.speakerId ? h('small', {}, ` — ${t('meetings.speaker', { name: people.get(item.speakerId) })}`) : null)),
    ),
    h('h2', {}, t('meetings.decisions')),
    h(
      'ol',
      { id: 'decisions' },
      meeting.decisions.map((d) =>
        h(
          'li',
          { 'data-decision': d.number },
          h('p', {}, d.text),
          d.formsWorkingGroup
            ? h('p', {}, h('a', { href: `#/groups/${d.formsWorkingGroup.workingGroupId}` }, t('meetings.formsGroup', { name: d.formsWorkingGroup.name })))
            : null,
          d.tasks.length ? h('p', { class: 'muted' }, `${t('meetings.drafts')}: ${d.tasks.map((task) => task.title).join('; ')}`) : null,
          d.rollUp ? h('p', { class: 'progress' }, progress(d.rollUp)) : null,
        ),
      ),
    ),
    h('h2', {}, t('meetings.participants')),
    h('p', { id: 'participants' }, meeting.participantIds.map((p) => people.get(p)).join(', ')),
    await meetingActions(meeting),
  );
}

/** The chair's (or a controller's) steps: mark held, record decisions with a task, approve the protocol. */
async function meetingActions(meeting) {
  if (meeting.status === 'protocol_approved' || !(isController() || meeting.chairId === state.me.id)) return null;
  const section = h('section', { class: 'card', id: 'meeting-actions' }, h('h2', {}, t('memoranda.yourAction')));
  const post = async (path, body) => {
    await api('POST', `/meetings/${meeting.id}${path}`, { body, revision: meeting.revision });
    await meetingView(meeting.id);
  };
  if (meeting.status === 'planned') {
    section.append(h('button', { type: 'button', id: 'hold-meeting', onclick: () => void guarded(section, () => post('/hold')) }, t('meetings.hold')));
    return section;
  }
  const decision = h(
    'form',
    { id: 'decision-form' },
    h('h3', {}, t('meetings.recordDecision')),
    h('label', {}, t('meetings.decisionText'), h('textarea', { name: 'text', required: true, rows: 3, maxlength: 20000 })),
    h('label', {}, t('meetings.taskTitle'), h('input', { name: 'taskTitle', maxlength: 500 })),
    h('label', {}, t('meetings.taskExecutors'), await peoplePicker('executors', { multiple: true })),
    h('label', {}, t('newTask.dueInWorkingDays'), h('input', { type: 'number', name: 'dueInWorkingDays', min: 1, max: 365 })),
    h('button', { type: 'submit', id: 'record-decision' }, t('meetings.recordDecision')),
  );
  decision.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(decision);
    const title = String(data.get('taskTitle') ?? '').trim();
    const executorIds = data.getAll('executors').map(String);
    const days = String(data.get('dueInWorkingDays') ?? '');
    const task = title ? [{ title, executorIds, ...(days ? { dueInWorkingDays: Number(days) } : {}) }] : [];
    void guarded(section, () => post('/decisions', { text: String(data.get('text')), ...(task.length ? { tasks: task } : {}) }));
  });
  section.append(
    decision,
    meeting.decisions.length
      ? h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'approve-protocol', onclick: () => void guarded(section, () => post('/protocol/approve')) }, t('meetings.approveProtocol')))
      : null,
  );
  return section;
}

/** A controller schedules a meeting: when and where, the chair, participants, the agenda. */
async function scheduleMeetingView() {
  const form = h(
    'form',
    { class: 'card', id: 'meeting-form' },
    h('label', {}, t('meetings.title'), h('input', { name: 'title', required: true, maxlength: 500 })),
    h(
      'div',
      { class: 'period' },
      h('label', {}, `${t('meetings.when')} (${myZone()})`, h('input', { type: 'datetime-local', name: 'scheduledAt', required: true })),
      h('label', {}, t('meetings.location'), h('input', { name: 'location', maxlength: 500 })),
    ),
    h('label', {}, t('groups.chair'), await peoplePicker('chairId', { required: true })),
    h('label', {}, t('meetings.participants'), await peoplePicker('participantIds', { multiple: true })),
    h('label', {}, t('meetings.agendaLines'), h('textarea', { name: 'agenda', rows: 4 })),
    h('button', { type: 'submit' }, t('meetings.schedule')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    form.querySelector('.alert')?.remove();
    const data = new FormData(form);
    const body = {
      title: String(data.get('title')),
      scheduledAt: instantOf(String(data.get('scheduledAt')), myZone()),
      ...(String(data.get('location') ?? '').trim() ? { location: String(data.get('location')) } : {}),
      chairId: String(data.get('chairId')),
      participantIds: data.getAll('participantIds').map(String),
      agenda: String(data.get('agenda') ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((title) => ({ title })),
    };
    void guarded(form, async () => {
      const meeting = await api('POST', '/meetings', { body });
      location.hash = `#/meetings/${meeting.id}`;
    });
  });
  show(h('h1', {}, t('meetings.schedule')), form);
}

window.addEventListener('hashchange', () => void route());
void route();
