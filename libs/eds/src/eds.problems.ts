import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en texts of the signing policy's refusals: each names the rule a signature broke. */
export function registerEdsProblems(): void {
  registerProblemDetails({
    'EDS.NOT_CONFIGURED': {
      kk: 'Бұл жүйеде ЭЦҚ тексерушісі бапталмаған: CMS-сіз қол қойыңыз (ЭЦҚ-сыз, басу арқылы қол қою).',
      ru: 'В этой системе не настроена проверка ЭЦП: подпишите без CMS (подпись нажатием, без ЭЦП).',
      en: 'This installation has no ЭЦП verifier: sign without a CMS (a click signature, no ЭЦП).',
    },
    'EDS.CMS_REQUIRED': {
      kk: 'Мұнда қолтаңба — ЭЦҚ: NCALayer арқылы жасалған бөлек CMS-ті signature.cms өрісінде жіберіңіз.',
      ru: 'Здесь подпись — это ЭЦП: передайте в signature.cms открепленную CMS, созданную через NCALayer.',
      en: 'A signature here is an ЭЦП: send signature.cms, the detached CMS made with NCALayer.',
    },
    'EDS.MALFORMED': {
      kk: 'Қолтаңба оқылатын CMS SignedData емес ({why}).',
      ru: 'Подпись не является читаемой CMS SignedData ({why}).',
      en: 'The signature is not a readable CMS SignedData ({why}).',
    },
    'EDS.UNSUPPORTED_ALGORITHM': {
      kk: 'Қолтаңба бұл тексеруші тексере алмайтын алгоритммен ({algorithm}) жасалған; ГОСТ кілттері NCANode арқылы тексеріледі.',
      ru: 'Подпись сделана алгоритмом ({algorithm}), который этот проверяющий не поддерживает; ключи ГОСТ проверяются через NCANode.',
      en: 'The signature uses an algorithm ({algorithm}) this verifier cannot check; GOST keys are verified with NCANode.',
    },
    'EDS.SIGNER_COUNT': {
      kk: 'Қолтаңбада дәл бір қол қоюшы болуы тиіс, мұнда — {count}.',
      ru: 'В подписи должен быть ровно один подписант, здесь — {count}.',
      en: 'A signature must have exactly one signer; this one has {count}.',
    },
    'EDS.TEXT_CHANGED': {
      kk: 'Қолтаңба нұсқаның бекітілген мәтініне емес, басқа мәтінге қойылған: мәтін өзгерген.',
      ru: 'Подпись поставлена не под зафиксированный текст версии: текст изменён.',
      en: 'The signature was made over another text than the version as frozen: the text changed.',
    },
    'EDS.SIGNATURE_INVALID': {
      kk: 'Қолтаңба нұсқаның бекітілген мәтіні бойынша расталмайды.',
      ru: 'Подпись не проходит проверку по зафиксированному тексту версии.',
      en: 'The signature does not verify over the version as frozen.',
    },
    'EDS.UNTRUSTED_CHAIN': {
      kk: 'Сертификат сенімді куәландырушы орталыққа дейінгі тізбекке қосылмайды (берген: {issuer}).',
      ru: 'Сертификат не восходит к доверенному удостоверяющему центру (издатель: {issuer}).',
      en: 'The certificate does not chain to a trusted certification authority (issuer: {issuer}).',
    },
    'EDS.AUTH_KEY': {
      kk: 'Бұл қол қою кілті емес (nonRepudiation жоқ): аутентификация (AUTH) кілтімен қол қоюға болмайды.',
      ru: 'Это не ключ подписи (нет nonRepudiation): ключом аутентификации (AUTH) подписывать нельзя.',
      en: 'The key is not a signing key (nonRepudiation): an authentication (AUTH) key cannot sign.',
    },
    'EDS.NOT_ORGANIZATION_KEY': {
      kk: 'Сертификат заңды тұлға қызметкерінікі емес (EKU {eku} жоқ).',
      ru: 'Сертификат не принадлежит сотруднику юридического лица (нет EKU {eku}).',
      en: "The certificate is not one of an organization's employee (no EKU {eku}).",
    },
    'EDS.TIMESTAMP_MISSING': {
      kk: 'Қолтаңбаның уақыт белгісі (TSP) қажет.',
      ru: 'Нужна метка времени (TSP) подписи.',
      en: 'A timestamp (TSP) of the signature is required.',
    },
    'EDS.TIMESTAMP_MISMATCH': {
      kk: 'Уақыт белгісінің хэші қолтаңбаға сәйкес келмейді.',
      ru: 'Хэш метки времени не соответствует подписи.',
      en: "The timestamp's imprint does not match the signature.",
    },
    'EDS.TIMESTAMP_UNTRUSTED': {
      kk: 'Уақыт белгісіне сенімді уақыт белгілеу орталығы қол қоймаған.',
      ru: 'Метка времени подписана не доверенной службой меток времени.',
      en: 'The timestamp is not signed by a trusted time-stamping authority.',
    },
    'EDS.TIMESTAMP_UNVERIFIABLE': {
      kk: 'Уақыт белгісін тексеру мүмкін емес: оның алгоритмі Kelisim-ге белгісіз немесе уақыт белгілеу орталығының ГОСТ сертификаты бапталған TSA сертификаттарының қатарында жоқ.',
      ru: 'Метку времени нельзя проверить: её алгоритм неизвестен Kelisim или ГОСТ-сертификат службы меток времени не входит в настроенные сертификаты TSA.',
      en: "The timestamp cannot be checked: its algorithm is unknown to Kelisim, or the time-stamping authority's GOST certificate is not among the configured TSA certificates.",
    },
    'EDS.CERTIFICATE_NOT_YET_VALID': {
      kk: 'Сертификат тек {notBefore} бастап жарамды.',
      ru: 'Сертификат действует только с {notBefore}.',
      en: 'The certificate is valid from {notBefore} only.',
    },
    'EDS.CERTIFICATE_EXPIRED': {
      kk: 'Сертификаттың мерзімі {notAfter} өтіп кеткен.',
      ru: 'Срок действия сертификата истёк {notAfter}.',
      en: 'The certificate expired at {notAfter}.',
    },
    'EDS.ORGANIZATION_WITHOUT_BIN': {
      kk: 'Тарап ұйымының анықтамалықта БСН-і жоқ, сондықтан сертификатты оған сәйкестендіру мүмкін емес.',
      ru: 'У организации стороны нет БИН в справочнике, поэтому сертификат нельзя с ней сопоставить.',
      en: "The party's organization has no BIN in the directory, so no certificate can be matched to it.",
    },
    'EDS.WRONG_BIN': {
      kk: 'Сертификаттағы БСН ({found}) тарап ұйымының БСН-іне ({expected}) сәйкес келмейді.',
      ru: 'БИН в сертификате ({found}) не совпадает с БИН организации стороны ({expected}).',
      en: "The certificate's BIN ({found}) is not the party's BIN ({expected}).",
    },
    'EDS.SIGNER_WITHOUT_IIN': {
      kk: 'Қол қоюшының анықтамалықта ЖСН-і жоқ, сондықтан сертификатты оған сәйкестендіру мүмкін емес.',
      ru: 'У подписывающего нет ИИН в справочнике, поэтому сертификат нельзя с ним сопоставить.',
      en: 'The signing person has no IIN in the directory, so no certificate can be matched to them.',
    },
    'EDS.WRONG_PERSON': {
      kk: 'Сертификат басқа адамдікі (ЖСН {found}), қол қоюшыныкі емес.',
      ru: 'Сертификат принадлежит другому лицу (ИИН {found}), а не подписывающему.',
      en: 'The certificate is of another person (IIN {found}), not of the person signing.',
    },
    'EDS.REVOKED': {
      kk: 'Сертификат кері қайтарылған (күші жойылған).',
      ru: 'Сертификат отозван.',
      en: 'The certificate has been revoked.',
    },
    'EDS.REVOCATION_UNKNOWN': {
      kk: 'Куәландырушы орталық (OCSP) сертификаттың кері қайтарылмағанын растамады.',
      ru: 'Удостоверяющий центр (OCSP) не подтвердил, что сертификат не отозван.',
      en: 'The certification authority (OCSP) did not confirm that the certificate is not revoked.',
    },
    'EDS.NOT_VERIFIED': {
      kk: 'Тексеруші қолтаңбаның жарамдылығын анықтай алмады; ештеңе сақталмады.',
      ru: 'Проверяющий не смог установить действительность подписи; ничего не сохранено.',
      en: 'The verifier could not establish that the signature is valid; nothing was recorded.',
    },
    'EDS.VERIFIER_UNAVAILABLE': {
      kk: 'ЭЦҚ тексерушісі жауап бермеді немесе түсініксіз жауап берді; ештеңе сақталмады. Кейінірек қайталаңыз.',
      ru: 'Сервис проверки ЭЦП недоступен или ответил непонятно; ничего не сохранено. Повторите позже.',
      en: 'The ЭЦП verifier is unreachable or gave an answer Kelisim does not understand; nothing was recorded. Try again later.',
    },
  });
}
