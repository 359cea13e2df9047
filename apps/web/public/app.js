// The Kelisim console: a page over /api/v1, no build step. This module is the shell: sign-in,
// the header, routing by the address's hash.
import { LANGUAGES } from './i18n.js';
import { LANGUAGE_KEY, TOKEN_KEY, isController, language, retranslate, state, t } from './session.js';
import { SignedOut, api, onSignedOut } from './api.js';
import { alertBox, h, onSubmit, show } from './ui.js';
import { controlView, newTaskView } from './control.js';
import { calendarView } from './calendar.js';
import { directoryView } from './directory.js';
import { mayManageSubstitutions, substitutionsView } from './substitutions.js';
import { taskView, tasksView } from './tasks.js';
import { memorandaView, memorandumView, newMemorandumView } from './memoranda.js';
import { formGroupView, groupsView, meetingView, scheduleMeetingView, workingGroupView } from './groups.js';

const isAdmin = () => state.me?.roles.includes('admin');

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
        h('a', { href: '#/calendar' }, t('nav.calendar')),
        isAdmin() ? h('a', { href: '#/directory' }, t('nav.directory')) : null,
        state.managesSubstitutions ? substitutionsLink() : null,
        isAdmin() ? h('a', { href: '/admin/queues', target: '_blank' }, t('nav.queues')) : null,
        h('span', { class: 'who' }, state.me.fullName),
        h('button', { type: 'button', id: 'logout', onclick: signOut }, t('logout')),
      )
    : null;
  header.replaceChildren(h('strong', { class: 'brand' }, 'Kelisim'), nav, picker);
}

const substitutionsLink = () => h('a', { href: '#/substitutions', id: 'nav-substitutions' }, t('nav.substitutions'));

/**
 * Admins and heads (someone's headId is theirs) record who acts for whom: the menu shows it to them
 * only. An admin's is known at once; a head's once the directory has loaded, without holding up the page.
 */
function findOutWhetherManagesSubstitutions() {
  const me = state.me;
  state.managesSubstitutions = isAdmin();
  if (state.managesSubstitutions) return;
  void mayManageSubstitutions()
    .catch(() => false)
    .then((yes) => {
      if (!yes || state.me !== me || state.managesSubstitutions) return;
      state.managesSubstitutions = true;
      document.querySelector('header nav .who')?.before(substitutionsLink());
    });
}

function setLanguage(code) {
  state.language = code;
  localStorage.setItem(LANGUAGE_KEY, code);
  retranslate();
  void route();
}

function signOut() {
  state.token = null;
  state.me = null;
  state.managesSubstitutions = false;
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
  onSubmit(form, async (data) => {
    const { accessToken } = await api('POST', '/auth/login', { body: { email: data.get('email'), password: data.get('password') } });
    state.token = accessToken;
    sessionStorage.setItem(TOKEN_KEY, accessToken);
    // The queue dashboard (/admin/queues, admins only) is a page, not a fetch: it reads this cookie.
    document.cookie = `kelisim_token=${encodeURIComponent(accessToken)}; path=/admin/queues; SameSite=Strict`;
    await route();
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
      findOutWhetherManagesSubstitutions();
    } catch (error) {
      if (error instanceof SignedOut) return;
      renderHeader();
      return show(alertBox(error));
    }
    retranslate();
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
    case 'calendar':
      return calendarView(id);
    case 'substitutions':
      return (await mayManageSubstitutions().catch(() => false)) ? substitutionsView() : show(h('p', { class: 'alert' }, t('forbidden')));
    case 'directory':
      return isAdmin() ? directoryView() : show(h('p', { class: 'alert' }, t('forbidden')));
    case 'meetings':
      if (id === 'new') return isController() ? scheduleMeetingView() : show(h('p', { class: 'alert' }, t('forbidden')));
      return id ? meetingView(id) : groupsView();
    default:
      if (id === 'new') return isController() ? newTaskView() : show(h('p', { class: 'alert' }, t('forbidden')));
      return id ? taskView(id) : tasksView();
  }
}

onSignedOut(signOut);
window.addEventListener('hashchange', () => void route());

void route();
