// Working groups and meetings: members, agenda, decisions and the tasks they issued; the chair's steps.
import { isController, myZone, state, t } from './session.js';
import { SignedOut, api, namesOf } from './api.js';
import { alertBox, formatDate, guarded, h, instantOf, onSubmit, peoplePicker, show } from './ui.js';

export async function groupsView() {
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
              h('thead', {}, h('tr', {}, h('th', {}, t('groups.name')), h('th', {}, t('memberRole.chair')), h('th', { class: 'n' }, t('groups.members')), h('th', {}, t('memoranda.status')))),
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
/** Lists and counts of tasks hold only those the reader may open (the API decides); a controller sees them all. */
const taskScope = () => (isController() ? null : h('p', { class: 'muted', id: 'task-scope' }, t('groups.visibleTasks')));

export async function workingGroupView(id) {
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
          ` — ${t(`memberRole.${m.role}`)}, ${t('groups.joined', { date: formatDate(m.joinedAt) })} `,
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
          h('ul', { id: 'former-members' }, former.map((m) => h('li', {}, `${people.get(m.userId)} — ${t(`memberRole.${m.role}`)}, ${t('groups.left', { from: formatDate(m.joinedAt), to: formatDate(m.leftAt) })}`))),
        ]
      : null,
    h('h2', {}, t('groups.tasks')),
    h('p', { id: 'group-progress' }, progress(group.tasks)),
    taskScope(),
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
                h('td', {}, h('a', { href: `#/tasks/${task.id}` }, task.title)),
                h('td', {}, people.get(task.executorId)),
                h('td', {}, formatDate(task.dueAt)),
                h('td', {}, t(`taskStatus.${task.status}`), task.overdue ? h('span', { class: 'badge' }, t('tasks.overdue')) : null),
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
      h('label', {}, t('groups.role'), h('select', { name: 'role' }, ['member', 'secretary', 'chair'].map((role) => h('option', { value: role }, t(`memberRole.${role}`))))),
      h('button', { type: 'submit', id: 'add-member' }, t('groups.addMember')),
    ),
    h('details', {}, h('summary', {}, t('groups.disband')), h('button', { type: 'button', class: 'secondary', id: 'disband-group', onclick: () => void guarded(form, () => change('POST', '/disband')) }, t('groups.disband'))),
  );
  onSubmit(form, async (data) => {
    await change('POST', '/members', { userId: String(data.get('userId')), role: String(data.get('role')) });
  });
  return form;
}

/** A controller forms a working group: name, mandate, chair, secretary and members. */
export async function formGroupView() {
  const form = h(
    'form',
    { class: 'card', id: 'group-form' },
    h('label', {}, t('groups.name'), h('input', { name: 'name', required: true, maxlength: 500 })),
    h('label', {}, t('groups.mandate'), h('textarea', { name: 'mandate', required: true, rows: 3, maxlength: 4000 })),
    h('div', { class: 'period' }, h('label', {}, t('memberRole.chair'), await peoplePicker('chairId', { required: true })), h('label', {}, t('memberRole.secretary'), await peoplePicker('secretaryId'))),
    h('label', {}, t('groups.members'), await peoplePicker('memberIds', { multiple: true })),
    h('button', { type: 'submit' }, t('groups.form')),
  );
  onSubmit(form, async (data) => {
    const secretaryId = String(data.get('secretaryId') ?? '');
    const body = {
      name: String(data.get('name')),
      mandate: String(data.get('mandate')),
      chairId: String(data.get('chairId')),
      ...(secretaryId ? { secretaryId } : {}),
      memberIds: data.getAll('memberIds').map(String),
    };
    const group = await api('POST', '/working-groups', { body });
    location.hash = `#/groups/${group.id}`;
  });
  show(h('h1', {}, t('groups.form')), form);
}

export async function meetingView(id) {
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
      ` · ${t('memberRole.chair')}: ${people.get(meeting.chairId)}`,
    ),
    h('h2', {}, t('meetings.agenda')),
    h(
      'ol',
      { id: 'agenda' },
      meeting.agenda.map((item) => h('li', {}, item.title, item.speakerId ? h('small', {}, ` — ${t('meetings.speaker', { name: people.get(item.speakerId) })}`) : null)),
    ),
    h('h2', {}, t('meetings.decisions')),
    meeting.status === 'protocol_approved' ? taskScope() : null,
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
  onSubmit(decision, async (data) => {
    const title = String(data.get('taskTitle') ?? '').trim();
    const executorIds = data.getAll('executors').map(String);
    const days = String(data.get('dueInWorkingDays') ?? '');
    const task = title ? [{ title, executorIds, ...(days ? { dueInWorkingDays: Number(days) } : {}) }] : [];
    await post('/decisions', { text: String(data.get('text')), ...(task.length ? { tasks: task } : {}) });
  }, section);
  section.append(
    decision,
    meeting.decisions.length
      ? h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'approve-protocol', onclick: () => void guarded(section, () => post('/protocol/approve')) }, t('meetings.approveProtocol')))
      : null,
  );
  return section;
}

/** A controller schedules a meeting: when and where, the chair, participants, the agenda. */
export async function scheduleMeetingView() {
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
    h('label', {}, t('memberRole.chair'), await peoplePicker('chairId', { required: true })),
    h('label', {}, t('meetings.participants'), await peoplePicker('participantIds', { multiple: true })),
    h('label', {}, t('meetings.agendaLines'), h('textarea', { name: 'agenda', rows: 4 })),
    h('button', { type: 'submit' }, t('meetings.schedule')),
  );
  onSubmit(form, async (data) => {
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
    const meeting = await api('POST', '/meetings', { body });
    location.hash = `#/meetings/${meeting.id}`;
  });
  show(h('h1', {}, t('meetings.schedule')), form);
}
