// The working-day calendar every deadline in working days is counted on; admins set a year's days
// off and weekend workdays (the statutory holidays and their carry-overs come from the rules).
import { language, state, t } from './session.js';
import { api } from './api.js';
import { formatDay } from './human-time.js';
import { guarded, h, onSubmit, show } from './ui.js';

const dayOf = (date) => formatDay(date, language());

export async function calendarView(yearText) {
  const year = Number(yearText) || new Date().getFullYear();
  const calendar = await api('GET', `/calendar/${year}`);
  const admin = state.me.roles.includes('admin');
  const holidays = calendar.holidays.map((day) => day.date);
  const save = async (nextHolidays, nextWorkdays) => {
    await api('PUT', `/calendar/${year}`, { body: { holidays: nextHolidays, workdays: nextWorkdays }, revision: calendar.revision });
    await calendarView(String(year));
  };
  const remove = (work) => h('button', { type: 'button', class: 'link remove-day', onclick: () => void guarded(null, work) }, t('memoranda.removeClause'));
  const addForm = (id, label, add) => {
    const form = h('form', { class: 'period', id }, h('label', {}, t('calendar.date'), h('input', { type: 'date', name: 'date', required: true, min: `${year}-01-01`, max: `${year}-12-31` })), h('button', { type: 'submit' }, label));
    onSubmit(form, (data) => add(String(data.get('date'))));
    return form;
  };
  show(
    h('h1', {}, t('calendar.title', { year })),
    h('p', { class: 'actions' }, h('a', { href: `#/calendar/${year - 1}` }, `← ${t('calendar.previous')}`), h('a', { href: `#/calendar/${year + 1}` }, `${t('calendar.next')} →`)),
    h('p', { id: 'working-days' }, t('calendar.workingDays', { n: calendar.workingDays })),
    h('h2', {}, t('calendar.holidays')),
    h(
      'ul',
      { id: 'holidays' },
      calendar.holidays.map((day) =>
        h(
          'li',
          { 'data-date': day.date },
          h('strong', {}, dayOf(day.date)),
          ` — ${day.name[language()]}`,
          day.estimated ? h('span', { class: 'badge priority' }, t('calendar.estimated')) : null,
          admin ? [' ', remove(() => save(holidays.filter((d) => d !== day.date), calendar.workdays))] : null,
        ),
      ),
    ),
    admin ? addForm('add-holiday', t('calendar.addHoliday'), (date) => save([...holidays, date], calendar.workdays)) : null,
    h('h2', {}, t('calendar.workdays')),
    calendar.workdays.length
      ? h(
          'ul',
          { id: 'workdays' },
          calendar.workdays.map((date) =>
            h('li', { 'data-date': date }, dayOf(date), admin ? [' ', remove(() => save(holidays, calendar.workdays.filter((d) => d !== date)))] : null),
          ),
        )
      : h('p', { class: 'muted' }, t('calendar.none')),
    admin ? addForm('add-workday', t('calendar.addWorkday'), (date) => save(holidays, [...calendar.workdays, date])) : null,
  );
}
