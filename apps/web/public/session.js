// Who is signed in, in which language: the state every page reads.
import { LANGUAGES, translator } from './i18n.js';

export const TOKEN_KEY = 'kelisim.token';
export const LANGUAGE_KEY = 'kelisim.language';

export const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,
  language: localStorage.getItem(LANGUAGE_KEY),
};

export let t = translator(language());

/** After the language or the user changes: every `t` (a live binding) reads the new texts. */
export function retranslate() {
  t = translator(language());
}

export function language() {
  if (LANGUAGES.includes(state.language)) return state.language;
  if (state.me && LANGUAGES.includes(state.me.locale)) return state.me.locale;
  const browser = (navigator.language || '').slice(0, 2);
  return LANGUAGES.includes(browser) ? browser : 'kk';
}

/** The akimat's zone (the platform's default), for people with no zone of their own. */
export const DEFAULT_TIME_ZONE = 'Asia/Almaty';

export const myZone = () => state.me?.timezone || DEFAULT_TIME_ZONE;

export const locale = () => ({ kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' })[language()];

export const isController = () => state.me?.roles.includes('controller');
