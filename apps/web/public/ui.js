// Building pages: elements from `h` (textContent only, never innerHTML), alerts, dates in the user's zone.
import { formatDateTime } from './human-time.js';
import { language, locale, myZone, t } from './session.js';
import { ApiError, SignedOut, api, loadDirectory } from './api.js';

/** `h('td', { class: 'n' }, 'text', child)`: an element; strings become text nodes. */
export function h(tag, attributes = {}, ...children) {
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

export const main = () => document.getElementById('main');

/** Replaces the page's content; like `h`'s children, arrays are flattened and null/false dropped. */
export function show(...nodes) {
  main().replaceChildren(...nodes.flat(Infinity).filter((node) => node !== null && node !== undefined && node !== false));
}

export function alertBox(error) {
  const text = error instanceof ApiError && error.status === 412 ? t('error.stale') : t('error.generic', { detail: error.message });
  return h('p', { class: 'alert', role: 'alert' }, text);
}

/** Runs `work`; a failure shows as an alert inside `where` (or the page). */
export async function guarded(where, work) {
  try {
    await work();
  } catch (error) {
    if (error instanceof SignedOut) return;
    (where ?? main()).prepend(alertBox(error));
  }
}

/** `YYYY-MM-DDTHH:mm` (an <input type=datetime-local>) read as wall time in `timeZone`: the instant. */
export function instantOf(wallTime, timeZone) {
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

/** An instant as wall time in `timeZone` (the user's, else the akimat's), with the zone named: the kernel's formatter. */
export const formatDate = (iso, timeZone = myZone()) => formatDateTime(iso, language(), timeZone);

/** An instant as `YYYY-MM-DDTHH:mm` wall time in `timeZone`: the value of an <input type=datetime-local>. */
export function wallTimeOf(date, timeZone) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "B, И.о. A" (м.а. / Acting for): who acted and, when a deputy acted, for whom — the exports' words. */
export function actedBy(names, by, actingFor) {
  const name = names.get(by) ?? by;
  return actingFor ? t('acting.by', { deputy: name, principal: names.get(actingFor) ?? actingFor }) : name;
}

export const percent = (value) => (value === null ? '—' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(value));

export async function peoplePicker(name, { multiple = false, required = false } = {}) {
  const [users, organizations] = await loadDirectory();
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

/** Fetches a file the API makes (with the token) and hands it to the browser as a download. */
export async function download(path, filename) {
  const file = await api('GET', path, { binary: true });
  const link = h('a', { href: URL.createObjectURL(file), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A form's submit: the browser's own checks first, the last alert gone, then `work(data)`; a failure shows in `where`. */
export function onSubmit(form, work, where = form) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    form.querySelector('.alert')?.remove();
    void guarded(where, () => work(new FormData(form)));
  });
}
