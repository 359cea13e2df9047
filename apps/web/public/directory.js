// The directory, for admins: organizations and the people who sign in, who does what.
import { DEFAULT_TIME_ZONE, t } from './session.js';
import { all, api } from './api.js';
import { guarded, h, onSubmit, show } from './ui.js';

const KINDS = ['akimat', 'prosecutor', 'police', 'national_security', 'maslikhat', 'public_council', 'department', 'rural_district', 'ethnocultural_centre', 'ngo', 'other'];
const ROLES = ['admin', 'controller', 'prosecutor', 'signatory'];
const LANGUAGE_NAMES = ['kk', 'ru', 'en'];

export async function directoryView() {
  const [organizations, users] = await Promise.all([all('/organizations'), all('/users')]);
  const nameOf = new Map(organizations.map((o) => [o.id, o.name]));
  show(
    h('h1', {}, t('nav.directory')),
    h('h2', {}, t('directory.organizations')),
    h(
      'table',
      { class: 'list', id: 'organizations' },
      h('thead', {}, h('tr', {}, h('th', {}, t('directory.name')), h('th', {}, t('directory.bin')), h('th', {}, t('directory.kind')), h('th', {}, t('directory.parent')), h('th', {}, t('directory.timezone')))),
      h('tbody', {}, organizations.map((o) => h('tr', { 'data-organization': o.id }, h('td', {}, o.name), h('td', { class: 'bin' }, o.bin ?? '—'), h('td', {}, t(`kind.${o.kind}`)), h('td', {}, nameOf.get(o.parentId) ?? '—'), h('td', {}, o.timezone)))),
    ),
    organizationForm(organizations),
    h('h2', {}, t('directory.people')),
    h(
      'table',
      { class: 'list', id: 'people' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, t('directory.fullName')), h('th', {}, t('directory.iin')), h('th', {}, t('directory.email')), h('th', {}, t('control.organization')), h('th', {}, t('directory.roles')), h('th', {}, '')),
      ),
      h(
        'tbody',
        {},
        users.map((user) =>
          h(
            'tr',
            { 'data-user': user.id, class: user.active ? '' : 'inactive' },
            h('td', {}, user.fullName, user.position ? h('small', {}, ` — ${user.position}`) : null),
            h('td', { class: 'iin' }, user.iin ?? '—'),
            h('td', {}, user.email),
            h('td', {}, nameOf.get(user.organizationId) ?? '—'),
            h('td', {}, user.roles.map((role) => t(`userRole.${role}`)).join(', ')),
            h(
              'td',
              {},
              user.active ? '' : `${t('directory.inactive')} `,
              h(
                'button',
                {
                  type: 'button',
                  class: 'link toggle-active',
                  onclick: () =>
                    void guarded(null, async () => {
                      await api('PATCH', `/users/${user.id}`, { body: { active: !user.active }, revision: user.revision });
                      await directoryView();
                    }),
                },
                t(user.active ? 'directory.deactivate' : 'directory.activate'),
              ),
            ),
          ),
        ),
      ),
    ),
    userForm(organizations),
  );
}

function organizationForm(organizations) {
  const form = h(
    'form',
    { class: 'card', id: 'organization-form' },
    h('h3', {}, t('directory.addOrganization')),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('directory.name'), h('input', { name: 'name', required: true, maxlength: 500 })),
      h('label', {}, t('directory.bin'), h('input', { name: 'bin', inputmode: 'numeric', pattern: '[0-9]{12}', maxlength: 12 })),
      h('label', {}, t('directory.kind'), h('select', { name: 'kind' }, KINDS.map((kind) => h('option', { value: kind }, t(`kind.${kind}`))))),
      h('label', {}, t('directory.parent'), h('select', { name: 'parentId' }, h('option', { value: '' }, '—'), organizations.map((o) => h('option', { value: o.id }, o.name)))),
      h('label', {}, t('directory.timezone'), h('input', { name: 'timezone', value: DEFAULT_TIME_ZONE, maxlength: 64 })),
    ),
    h('button', { type: 'submit' }, t('directory.addOrganization')),
  );
  onSubmit(form, async (data) => {
    const parentId = String(data.get('parentId') ?? '');
    const bin = String(data.get('bin') ?? '').trim();
    const body = { name: String(data.get('name')), kind: String(data.get('kind')), timezone: String(data.get('timezone')), ...(parentId ? { parentId } : {}), ...(bin ? { bin } : {}) };
    await api('POST', '/organizations', { body });
    await directoryView();
  });
  return form;
}

function userForm(organizations) {
  const form = h(
    'form',
    { class: 'card', id: 'user-form' },
    h('h3', {}, t('directory.addUser')),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('directory.fullName'), h('input', { name: 'fullName', required: true, maxlength: 500 })),
      h('label', {}, t('directory.email'), h('input', { name: 'email', type: 'email', required: true, maxlength: 320 })),
      h('label', {}, t('directory.position'), h('input', { name: 'position', maxlength: 500 })),
      h('label', {}, t('directory.iin'), h('input', { name: 'iin', inputmode: 'numeric', pattern: '[0-9]{12}', maxlength: 12 })),
    ),
    h(
      'div',
      { class: 'period' },
      h('label', {}, t('control.organization'), h('select', { name: 'organizationId', required: true }, organizations.map((o) => h('option', { value: o.id }, o.name)))),
      h('label', {}, t('directory.locale'), h('select', { name: 'locale' }, LANGUAGE_NAMES.map((code) => h('option', { value: code }, t(`language.${code}`))))),
      h('label', {}, t('directory.password'), h('input', { name: 'password', type: 'password', required: true, minlength: 12, maxlength: 256, autocomplete: 'new-password' })),
    ),
    h('fieldset', {}, h('legend', {}, t('directory.roles')), ROLES.map((role) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'roles', value: role }), t(`userRole.${role}`)))),
    h('button', { type: 'submit' }, t('directory.addUser')),
  );
  onSubmit(form, async (data) => {
    const position = String(data.get('position') ?? '').trim();
    const iin = String(data.get('iin') ?? '').trim();
    const body = {
      fullName: String(data.get('fullName')),
      email: String(data.get('email')),
      organizationId: String(data.get('organizationId')),
      ...(position ? { position } : {}),
      ...(iin ? { iin } : {}),
      roles: data.getAll('roles').map(String),
      locale: String(data.get('locale')),
      password: String(data.get('password')),
    };
    await api('POST', '/users', { body });
    await directoryView();
  });
  return form;
}
