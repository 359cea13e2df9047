// Acting officials (И.о. / м.а.): who acts for whom, when, on which order; for admins and heads.
import { formatDay } from './human-time.js';
import { language, myZone, state, t } from './session.js';
import { ApiError, all, api, loadDirectory, query } from './api.js';
import { alertBox, formatDate, guarded, h, instantOf, show, wallTimeOf } from './ui.js';

const isAdmin = () => state.me?.roles.includes('admin');

/** The people below the signed-in user in the chain of heads (everyone's head's head too). */
function subordinates(users) {
  const below = new Set();
  let frontier = [state.me.id];
  while (frontier.length) {
    const next = users.filter((u) => frontier.includes(u.headId) && !below.has(u.id) && u.id !== state.me.id).map((u) => u.id);
    next.forEach((id) => below.add(id));
    frontier = next;
  }
  return below;
}

/** Whether the signed-in user may record substitutions: an admin, or the head of someone. */
export async function mayManageSubstitutions() {
  if (!state.me) return false;
  if (isAdmin()) return true;
  const [users] = await loadDirectory();
  return users.some((u) => u.headId === state.me.id);
}

export async function substitutionsView() {
  const [users, organizations] = await loadDirectory();
  const mine = isAdmin() ? null : subordinates(users);
  const list = h('section', { id: 'substitutions' });
  show(h('h1', {}, t('substitutions.title')), h('p', { class: 'muted' }, t('substitutions.intro')), list, substitutionForm(users, organizations, mine));
  await guarded(list, () => renderList(list, mine));
}

async function renderList(section, mine) {
  const [current, scheduled] = await Promise.all([all(`/substitutions${query({ status: 'current' })}`), all(`/substitutions${query({ status: 'scheduled' })}`)]);
  const items = [...current, ...scheduled].sort((a, b) => a.from.localeCompare(b.from));
  if (items.length === 0) return section.replaceChildren(h('h2', {}, t('substitutions.current')), h('p', { class: 'muted' }, t('substitutions.empty')));
  section.replaceChildren(
    h('h2', {}, t('substitutions.current')),
    h(
      'table',
      { class: 'list' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('substitutions.deputy')),
          h('th', {}, t('substitutions.principal')),
          h('th', {}, t('substitutions.period')),
          h('th', {}, t('substitutions.basis')),
          h('th', {}, t('substitutions.status')),
          h('th', {}, ''),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((s) =>
          h(
            'tr',
            { 'data-substitution': s.id, class: s.status },
            h('td', { class: 'acting' }, t('acting.by', { deputy: s.deputyName, principal: s.principalName })),
            h('td', {}, s.principalName),
            h('td', {}, `${formatDate(s.from)} — ${formatDate(s.to)}`),
            h('td', {}, t('substitutions.order', { number: s.basis.orderNumber, date: orderDate(s.basis.orderDate) })),
            h('td', {}, t(`substitutionStatus.${s.status}`)),
            h(
              'td',
              {},
              mine === null || mine.has(s.principalId)
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'secondary end-substitution',
                      onclick: () =>
                        void guarded(section, async () => {
                          await api('POST', `/substitutions/${s.id}/end`, { revision: s.revision });
                          await renderList(section, mine);
                        }),
                    },
                    t('substitutions.end'),
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

/** An order's date (YYYY-MM-DD) by the kernel's tables; a calendar date, so no zone. */
const orderDate = (date) => formatDay(date, language(), { year: true, weekday: false });

/** Fields the API names in a problem, as this form names its inputs. */
const FIELD_INPUTS = { principalId: 'principalId', deputyId: 'deputyId', from: 'from', to: 'to', 'basis.orderNumber': 'orderNumber', 'basis.orderDate': 'orderDate', basis: 'orderNumber' };

function substitutionForm(users, organizations, mine) {
  const option = (u) => h('option', { value: u.id }, u.position ? `${u.fullName} — ${u.position}` : u.fullName);
  const grouped = (filter) =>
    organizations
      .map((o) => ({ o, people: users.filter((u) => u.organizationId === o.id && filter(u)) }))
      .filter(({ people }) => people.length)
      .map(({ o, people }) => h('optgroup', { label: o.name }, people.map(option)));
  const zone = myZone();
  const form = h(
    'form',
    { class: 'card', id: 'substitution-form' },
    h('h2', {}, t('substitutions.record')),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('substitutions.principal'), h('select', { name: 'principalId', required: true }, h('option', { value: '' }, '—'), grouped((u) => mine === null || mine.has(u.id)))),
      // Everyone, by organization: the API says so plainly when the deputy works elsewhere.
      h('label', {}, t('substitutions.deputy'), h('select', { name: 'deputyId', required: true }, h('option', { value: '' }, '—'), grouped(() => true))),
    ),
    h(
      'div',
      { class: 'period' },
      h('label', {}, `${t('substitutions.from')} (${zone})`, h('input', { type: 'datetime-local', name: 'from', required: true, value: wallTimeOf(new Date(), zone) })),
      h('label', {}, `${t('substitutions.to')} (${zone})`, h('input', { type: 'datetime-local', name: 'to', required: true })),
    ),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('substitutions.orderNumber'), h('input', { name: 'orderNumber', required: true, maxlength: 100 })),
      h('label', {}, t('substitutions.orderDate'), h('input', { type: 'date', name: 'orderDate', required: true })),
    ),
    h('button', { type: 'submit' }, t('substitutions.record')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    form.querySelector('.alert')?.remove();
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const data = new FormData(form);
    const body = {
      principalId: String(data.get('principalId')),
      deputyId: String(data.get('deputyId')),
      from: instantOf(String(data.get('from')), zone),
      to: instantOf(String(data.get('to')), zone),
      basis: { orderNumber: String(data.get('orderNumber')), orderDate: String(data.get('orderDate')) },
    };
    void guarded(form, async () => {
      try {
        await api('POST', '/substitutions', { body });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        // The problem names the field: that input is marked, and the alert says why in the reader's language.
        for (const { field } of error.problem.errors ?? []) form.querySelector(`[name="${FIELD_INPUTS[field] ?? ''}"]`)?.setAttribute('aria-invalid', 'true');
        const alert = alertBox(error);
        alert.id = 'substitution-problem';
        form.prepend(alert);
        return;
      }
      await substitutionsView();
    });
  });
  return form;
}
