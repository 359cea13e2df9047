// Control: the akim's office's view, and issuing a task.
import { zoneName } from './human-time.js';
import { language, myZone, t } from './session.js';
import { api, query } from './api.js';
import { download, formatDate, guarded, h, instantOf, onSubmit, peoplePicker, percent, show } from './ui.js';

const controlState = { from: '', to: '', sort: 'daysOverdue', order: 'desc' };

export async function controlView() {
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

const FREQUENCIES = { '': 'newTask.once', WEEKLY: 'newTask.weekly', MONTHLY: 'newTask.monthly' };
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

/** The form's repetition as the API's RRULE subset: every week on a weekday, or every month on a day. */
function recurrence(data) {
  const frequency = String(data.get('frequency') ?? '');
  if (!frequency) return null;
  const on = frequency === 'WEEKLY' ? `BYDAY=${data.get('weekday')}` : `BYMONTHDAY=${data.get('monthDay')}`;
  return { recurrence: { rrule: `FREQ=${frequency};${on};COUNT=${data.get('count')}`, dueTime: String(data.get('dueTime') || '18:00') } };
}

/**
 * Too many reminders for one command: the API accepted the issue (202) and issues its tasks in
 * batches. The page follows it until every task exists, for as long as it is on screen.
 */
function followIssue(issue) {
  const line = h('p', { id: 'issue-progress' }, t('newTask.progress', { issued: issue.issued, n: issue.instances }));
  show(h('h1', {}, t('newTask.accepted', { n: issue.instances })), line);
  const poll = async () => {
    if (!line.isConnected) return;
    const now = await api('GET', `/task-issues/${issue.issueId}`);
    line.textContent = t(now.status === 'issued' ? 'newTask.issued' : 'newTask.progress', { issued: now.issued, n: now.instances });
    if (now.status !== 'issued') setTimeout(() => void guarded(null, poll), 1000);
  };
  setTimeout(() => void guarded(null, poll), 1000);
}

export async function newTaskView() {
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
      h('label', {}, t('newTask.dueAt', { zone: zoneName(myZone(), language()) }), h('input', { type: 'datetime-local', name: 'dueAt' })),
      h('label', {}, t('newTask.dueInWorkingDays'), h('input', { type: 'number', name: 'dueInWorkingDays', min: 1, max: 250 })),
      h(
        'label',
        {},
        t('newTask.priority'),
        h('select', { name: 'priority' }, ['low', 'normal', 'high', 'urgent'].map((p) => h('option', { value: p, selected: p === 'normal' }, t(`taskPriority.${p}`)))),
      ),
    ),
    h(
      'fieldset',
      { id: 'repeat' },
      h('legend', {}, t('newTask.repeat')),
      h('label', {}, t('newTask.repeat'), h('select', { name: 'frequency' }, ['', 'WEEKLY', 'MONTHLY'].map((f) => h('option', { value: f }, t(FREQUENCIES[f]))))),
      h('label', {}, t('newTask.weekday'), h('select', { name: 'weekday' }, WEEKDAYS.map((d) => h('option', { value: d }, t(`weekday.${d}`))))),
      h('label', {}, t('newTask.monthDay'), h('input', { type: 'number', name: 'monthDay', min: 1, max: 31, value: 25 })),
      h('label', {}, t('newTask.count'), h('input', { type: 'number', name: 'count', min: 1, max: 60, value: 6 })),
      h('label', {}, t('newTask.dueTime'), h('input', { type: 'time', name: 'dueTime', value: '18:00' })),
    ),
    h('button', { type: 'submit' }, t('newTask.submit')),
  );
  onSubmit(form, async (data) => {
    const chosen = data.getAll('executors').map(String);
    const dueAt = String(data.get('dueAt') ?? '');
    const days = String(data.get('dueInWorkingDays') ?? '');
    const body = {
      title: String(data.get('title')),
      ...(String(data.get('description') ?? '').trim() ? { description: String(data.get('description')) } : {}),
      ...(chosen.length === 1 ? { executorId: chosen[0] } : { executorIds: chosen }),
      // A repeating task takes its deadlines from the rule; else the wall time typed is the controller's
      // zone's; left empty, the working days count (the API says if none is given).
      ...(recurrence(data) ?? (dueAt ? { dueAt: instantOf(dueAt, myZone()) } : days ? { dueInWorkingDays: Number(days) } : {})),
      priority: data.get('priority'),
    };
    const issued = await api('POST', '/tasks', { body });
    if (issued.id) {
      location.hash = `#/tasks/${issued.id}`;
      return;
    }
    if (issued.issueId) return followIssue(issued);
    show(
      h('h1', {}, t('newTask.issued', { n: issued.items.length })),
      h('ul', { id: 'issued' }, issued.items.map((task) => h('li', {}, h('a', { href: `#/tasks/${task.id}` }, task.title), ` — ${t('tasks.due', { date: formatDate(task.dueAt) })}`))),
    );
  });
  show(h('h1', {}, t('control.newTask')), form);
}
