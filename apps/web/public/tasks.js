// Tasks: the executor's home, a task's page with everyone's steps, notifications.
import { isController, myZone, state, t } from './session.js';
import { ApiError, SignedOut, actingNow, api, namesOf, query } from './api.js';
import { actedBy, alertBox, formatDate, guarded, h, instantOf, main, show } from './ui.js';

export async function tasksView() {
  const list = h('section', { id: 'tasks' });
  const inbox = h('section', { id: 'notifications' });
  show(h('h1', {}, t('tasks.title')), list, h('h2', {}, t('notifications.title')), inbox);
  await Promise.all([guarded(list, () => renderTasks(list)), guarded(inbox, () => renderNotifications(inbox))]);
}

/** The user's own tasks and those of the people they act for now (И.о.), each of those marked "И.о. A". */
async function renderTasks(section) {
  const acting = await actingNow().catch(() => []);
  const executors = [state.me.id, ...acting.map((a) => a.principalId)];
  const pages = await Promise.all(executors.map((executorId) => api('GET', `/tasks${query({ executorId, limit: 100 })}`)));
  const tasks = [...new Map(pages.flatMap((page) => page.items).map((task) => [task.id, task])).values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  if (tasks.length === 0) return section.replaceChildren(h('p', { class: 'muted' }, t('tasks.empty')));
  section.replaceChildren(...tasks.map((task) => taskCard(task, section, acting)));
}

function taskCard(task, section, acting) {
  const card = h(
    'article',
    { class: `card task ${task.overdue ? 'late' : ''}`, 'data-task': task.id },
    h('h3', {}, h('a', { href: `#/tasks/${task.id}` }, task.title)),
    taskMeta(task, acting),
  );
  card.append(...taskActions(task, card, () => renderTasks(section), acting));
  return card;
}

/** The principal the signed-in user executes `task` for (И.о.), or undefined when it is theirs or not theirs to execute. */
const executingFor = (task, acting) => (task.executorId === state.me.id ? undefined : acting.find((a) => a.principalId === task.executorId));

function taskMeta(task, acting = []) {
  const principal = executingFor(task, acting);
  return h(
    'p',
    { class: 'meta' },
    h('span', { class: `status ${task.status}` }, t(`taskStatus.${task.status}`)),
    ' · ',
    t('tasks.due', { date: formatDate(task.dueAt) }),
    principal ? h('span', { class: 'badge priority acting' }, t('acting.for', { principal: principal.principalName })) : null,
    task.overdue ? h('span', { class: 'badge' }, t('tasks.overdue')) : null,
    task.priority !== 'normal' ? h('span', { class: 'badge priority' }, t(`taskPriority.${task.priority}`)) : null,
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
function taskActions(task, where, reload, acting = []) {
  const post = (path, body) => api('POST', `/tasks/${task.id}${path}`, { body, revision: task.revision });
  const step = (fields, button, send) => taskStep(where, reload, fields, button, send);
  const reason = (label = t('memoranda.reason')) => h('label', {}, label, h('input', { type: 'text', name: 'reason', required: true, maxlength: 2000 }));
  const open = ['assigned', 'in_progress', 'report_submitted'].includes(task.status);
  const actions = [];
  if (task.executorId === state.me.id || executingFor(task, acting)) {
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
export async function taskView(id) {
  const task = await api('GET', `/tasks/${id}`).catch((error) => error);
  if (task instanceof Error) return task instanceof SignedOut ? undefined : show(alertBox(task));
  const acting = await actingNow().catch(() => []);
  const people = await namesOf('users', [
    task.executorId,
    task.controllerId,
    ...task.reports.flatMap((r) => [r.submittedBy, r.actingFor]),
    ...task.extensionRequests.flatMap((r) => [r.requestedBy, r.actingFor]),
    ...(task.history ?? []).flatMap((entry) => [entry.actorId, actingForOf(entry)]),
  ]);
  const organizations = await namesOf('organizations', [task.executorOrganizationId]);
  const page = h(
    'article',
    { class: 'task-page', 'data-task': task.id },
    h('h1', {}, task.title),
    taskMeta(task, acting),
    h(
      'p',
      { class: 'meta' },
      `${t('control.executor')}: ${people.get(task.executorId)} (${organizations.get(task.executorOrganizationId)}) · ${t('userRole.controller')}: ${people.get(task.controllerId)}`,
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
              h('small', {}, h('span', { class: r.actingFor ? 'acting' : 'by' }, actedBy(people, r.submittedBy, r.actingFor)), `, ${formatDate(r.submittedAt)}`),
              r.decision ? h('p', { class: `decision ${r.decision}` }, [t(`reportDecision.${r.decision}`), r.decisionReason].filter(Boolean).join(': ')) : null,
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
            task.extensionRequests.map((r) =>
              h(
                'li',
                {},
                `${t('task.proposed', { date: formatDate(r.proposedDueAt) })} — ${r.reason} · `,
                h('span', { class: r.actingFor ? 'acting' : 'by' }, t('task.requestedBy', { name: actedBy(people, r.requestedBy, r.actingFor) })),
                ` · ${t(`extensionStatus.${r.status}`)}`,
              ),
            ),
          ),
        ]
      : null,
  );
  if (task.history?.length) page.append(h('h2', {}, t('task.history')), taskHistory(task.history, people));
  const actions = taskActions(task, page, () => taskView(id), acting);
  if (actions.length) page.append(h('section', { class: 'card', id: 'task-actions' }, h('h2', {}, t('memoranda.yourAction')), actions));
  show(page);
}

/** Whom a journal event of the task was for, when a deputy acted (И.о.). */
const actingForOf = (entry) => (typeof entry.payload?.actingFor === 'string' ? entry.payload.actingFor : null);

/** Events of a task's journal that are the glossary's terms (the rest are the console's own words). */
const EVENT_TERMS = { TaskAssigned: 'taskStatus.assigned', TaskReportSubmitted: 'taskStatus.report_submitted', TaskCancelled: 'taskStatus.cancelled' };

/** The task's timeline from its journal: what happened, who did it (a deputy as "B, И.о. A"), when. */
function taskHistory(history, people) {
  return h(
    'ol',
    { id: 'task-history', class: 'inbox' },
    history.map((entry) => {
      const key = EVENT_TERMS[entry.type] ?? `taskEvent.${entry.type}`;
      const label = t(key);
      const actingFor = actingForOf(entry);
      return h(
        'li',
        { 'data-event': entry.type },
        h('strong', {}, label === key ? entry.type : label),
        entry.actorId ? [' — ', h('span', { class: actingFor ? 'acting' : 'by' }, actedBy(people, entry.actorId, actingFor))] : null,
        ' ',
        h('small', {}, formatDate(entry.occurredAt)),
      );
    }),
  );
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
