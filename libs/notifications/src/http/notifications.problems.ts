import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the webhook target refusals an admin meets when setting a webhook. */
export function registerNotificationProblems(): void {
  registerProblemDetails({
    'WEBHOOK.URL_SCHEME_REFUSED': {
      kk: 'Вебхук мекенжайы https болуы тиіс.',
      ru: 'Адрес вебхука должен быть https.',
      en: 'The webhook address must be https.',
    },
    'WEBHOOK.URL_ADDRESS_REFUSED': {
      kk: 'Вебхук мекенжайы ішкі желіге (loopback, жеке, link-local не метадеректер мекенжайы) апарады; әкімші KELISIM_WEBHOOK_ALLOW арқылы рұқсат етпейінше, оған болмайды.',
      ru: 'Адрес вебхука ведёт во внутреннюю сеть (loopback, частный, link-local или адрес метаданных); это запрещено, пока администратор не разрешит его в KELISIM_WEBHOOK_ALLOW.',
      en: 'The webhook address leads into an internal network (loopback, private, link-local or a metadata address); that is refused unless an administrator allows it in KELISIM_WEBHOOK_ALLOW.',
    },
    'WEBHOOK.URL_UNRESOLVED_REFUSED': {
      kk: 'Вебхук мекенжайының хост атауы табылмады.',
      ru: 'Имя хоста в адресе вебхука не найдено.',
      en: 'The host name of the webhook address does not resolve.',
    },
  });
}
