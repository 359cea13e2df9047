import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the calendar's error codes (titles come from the problem kinds). */
export function registerCalendarProblems(): void {
  registerProblemDetails({
    'CALENDAR.YEAR_OUT_OF_RANGE': {
      kk: 'Жыл {first}–{last} аралығындағы бүтін сан болуы керек, берілгені: {year}.',
      ru: 'Год должен быть целым числом от {first} до {last}, получено: {year}.',
      en: 'The year must be a whole number from {first} to {last}, got {year}.',
    },
    'CALENDAR.DATE_OUTSIDE_YEAR': {
      kk: '{field}: {date} күні {year} жылға жатпайды.',
      ru: '{field}: дата {date} не относится к {year} году.',
      en: '{field}: {date} is not a date of {year}.',
    },
    'CALENDAR.WORKDAY_NOT_WEEKEND': {
      kk: '{field}: {date} — жұмыс күні онсыз да; жұмыс күні етіп тек сенбі не жексенбіні ауыстыруға болады.',
      ru: '{field}: {date} — будний день и так рабочий; рабочим можно сделать только субботу или воскресенье.',
      en: '{field}: {date} is a weekday and a working day anyway; only a Saturday or Sunday can be made a workday.',
    },
    'CALENDAR.DATE_OFF_AND_WORKED': {
      kk: '{field}: {date} күні әрі демалыс, әрі жұмыс күні бола алмайды.',
      ru: '{field}: дата {date} не может быть одновременно выходным и рабочим днём.',
      en: '{field}: {date} cannot be both a day off and a workday.',
    },
  });
}
