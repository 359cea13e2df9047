import { kzCheckDigit, type Locale, type Role } from '@kelisim/kernel';
import type { OrganizationKind } from '@kelisim/directory';

/**
 * The Maktaaral story of seed/README.md as data: the agencies and people of the interagency
 * meeting, the 2021 memorandum and its amendment, the meeting's agenda and decisions. Names and
 * texts are Kazakh; short names of agencies are Russian, as their letterheads and staff use them.
 * People named in the news report appear as the report names them (initials); the others are invented.
 */

/** Every demo person signs in with this password (printed once by `npm run demo`). */
export const DEMO_PASSWORD = 'demo-password-2026';
/** Addresses under a reserved top-level domain (RFC 2606): no e-mail ever reaches a real mailbox. */
export const DEMO_MAIL_DOMAIN = 'maktaaral.example';

export type OrgKey =
  | 'akimat'
  | 'prosecutor'
  | 'nsc'
  | 'police'
  | 'maslikhat'
  | 'publicCouncil'
  | 'policy'
  | 'kelisim'
  | 'veterans'
  | 'zhanaauyl'
  | 'myrzakent'
  | 'atakent'
  | 'zhambyl'
  | 'uzbek'
  | 'tajik'
  | 'azerbaijani'
  | 'russian'
  | 'korean';

export interface DemoOrganization {
  key: OrgKey;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  underAkimat?: boolean;
}

export const AKIMAT_NAME = 'Мақтаарал аудандық әкімдігі';

export const ORGANIZATIONS: DemoOrganization[] = [
  { key: 'akimat', name: AKIMAT_NAME, shortName: 'Акимат Мактааральского района', kind: 'akimat' },
  { key: 'prosecutor', name: 'Мақтаарал аудандық прокуратурасы', shortName: 'Прокуратура Мактааральского района', kind: 'prosecutor' },
  {
    key: 'nsc',
    name: 'ҚР ҰҚК Түркістан облысы бойынша департаментінің Мақтаарал аудандық бөлімі',
    shortName: 'Мактааральский районный отдел ДКНБ',
    kind: 'national_security',
  },
  { key: 'police', name: 'Мақтаарал аудандық полиция бөлімі', shortName: 'ОП Мактааральского района', kind: 'police' },
  { key: 'maslikhat', name: 'Мақтаарал аудандық мәслихаты', shortName: 'Маслихат Мактааральского района', kind: 'maslikhat' },
  { key: 'publicCouncil', name: 'Мақтаарал аудандық қоғамдық кеңесі', shortName: 'Общественный совет района', kind: 'public_council' },
  { key: 'policy', name: 'Мақтаарал ауданы әкімдігінің ішкі саясат бөлімі', shortName: 'Отдел внутренней политики', kind: 'department', underAkimat: true },
  {
    key: 'kelisim',
    name: 'Түркістан облысы қоғамдық даму басқармасының «Қоғамдық келісім» КММ Мақтаарал аудандық филиалы',
    shortName: 'Филиал КГУ «Қоғамдық келісім»',
    kind: 'ngo',
  },
  { key: 'veterans', name: 'Мақтаарал аудандық ардагерлер кеңесі', shortName: 'Совет ветеранов района', kind: 'other' },
  { key: 'zhanaauyl', name: 'Жаңаауыл ауылдық округі', shortName: 'Жанаауыльский сельский округ', kind: 'rural_district', underAkimat: true },
  { key: 'myrzakent', name: 'Мырзакент кенті', shortName: 'Посёлок Мырзакент', kind: 'rural_district', underAkimat: true },
  { key: 'atakent', name: 'Атакент ауылдық округі', shortName: 'Атакентский сельский округ', kind: 'rural_district', underAkimat: true },
  { key: 'zhambyl', name: 'Жамбыл ауылдық округі', shortName: 'Жамбылский сельский округ', kind: 'rural_district', underAkimat: true },
  { key: 'uzbek', name: 'Өзбек этномәдени орталығы', shortName: 'Узбекский этнокультурный центр', kind: 'ethnocultural_centre' },
  { key: 'tajik', name: 'Тәжік этномәдени орталығы', shortName: 'Таджикский этнокультурный центр', kind: 'ethnocultural_centre' },
  { key: 'azerbaijani', name: 'Әзірбайжан этномәдени орталығы', shortName: 'Азербайджанский этнокультурный центр', kind: 'ethnocultural_centre' },
  { key: 'russian', name: 'Орыс этномәдени орталығы', shortName: 'Русский этнокультурный центр', kind: 'ethnocultural_centre' },
  { key: 'korean', name: 'Корей этномәдени орталығы', shortName: 'Корейский этнокультурный центр', kind: 'ethnocultural_centre' },
];

export type PersonKey =
  | 'akim'
  | 'controller'
  | 'prosecutor'
  | 'nsc'
  | 'police'
  | 'maslikhat'
  | 'publicCouncil'
  | 'policy'
  | 'kelisim'
  | 'veterans'
  | 'zhanaauyl'
  | 'myrzakent'
  | 'atakent'
  | 'zhambyl'
  | 'uzbek'
  | 'tajik'
  | 'azerbaijani'
  | 'russian'
  | 'korean';

export interface DemoPerson {
  key: PersonKey;
  fullName: string;
  login: string;
  organization: OrgKey;
  position: string;
  roles: Role[];
  locale: Locale;
  /** The district akim is the superior of his office and of the akims of rural districts (escalation). */
  reportsToAkim?: boolean;
}

export const RURAL: readonly PersonKey[] = ['zhanaauyl', 'myrzakent', 'atakent', 'zhambyl'];
export const CENTRES: readonly PersonKey[] = ['uzbek', 'tajik', 'azerbaijani', 'russian', 'korean'];

export const PEOPLE: DemoPerson[] = [
  { key: 'akim', fullName: 'Бақыт Асанов', login: 'akim', organization: 'akimat', position: 'Мақтаарал ауданының әкімі', roles: ['signatory'], locale: 'kk' },
  {
    key: 'controller',
    fullName: 'Гүлмира Жұмабекова',
    login: 'control',
    organization: 'akimat',
    position: 'Әкім аппаратының бақылау бөлімінің бас маманы',
    roles: ['controller'],
    locale: 'ru',
    reportsToAkim: true,
  },
  { key: 'prosecutor', fullName: 'А. Досаев', login: 'prokuror', organization: 'prosecutor', position: 'Мақтаарал ауданының прокуроры', roles: ['prosecutor'], locale: 'ru' },
  { key: 'nsc', fullName: 'О. Шынтаев', login: 'knb', organization: 'nsc', position: 'ҰҚК аудандық бөлімінің бастығы', roles: [], locale: 'ru' },
  {
    key: 'police',
    fullName: 'Қ. Сатыбалдиев',
    login: 'police',
    organization: 'police',
    position: 'Аудандық полиция бөлімі бастығының міндетін атқарушы',
    roles: ['signatory'],
    locale: 'ru',
  },
  { key: 'maslikhat', fullName: 'Қ. Сәрсекбаев', login: 'maslikhat', organization: 'maslikhat', position: 'Аудандық мәслихаттың төрағасы', roles: [], locale: 'kk' },
  {
    key: 'publicCouncil',
    fullName: 'М. Ердешов',
    login: 'kenes',
    organization: 'publicCouncil',
    position: 'Аудандық қоғамдық кеңестің төрағасы',
    roles: ['signatory'],
    locale: 'kk',
  },
  {
    key: 'policy',
    fullName: 'М. Бабашев',
    login: 'ishki-sayasat',
    organization: 'policy',
    position: 'Ішкі саясат бөлімінің басшысы',
    roles: ['signatory'],
    locale: 'kk',
    reportsToAkim: true,
  },
  {
    key: 'kelisim',
    fullName: 'Айгүл Тұрсынова',
    login: 'kelisim',
    organization: 'kelisim',
    position: '«Қоғамдық келісім» аудандық филиалының басшысы',
    roles: ['signatory'],
    locale: 'kk',
  },
  { key: 'veterans', fullName: 'Әбдіхалық Сейітов', login: 'ardager', organization: 'veterans', position: 'Аудандық ардагерлер кеңесінің төрағасы', roles: [], locale: 'kk' },
  {
    key: 'zhanaauyl',
    fullName: 'Ерлан Әбдірахманов',
    login: 'zhanaauyl',
    organization: 'zhanaauyl',
    position: 'Жаңаауыл ауылдық округінің әкімі',
    roles: [],
    locale: 'kk',
    reportsToAkim: true,
  },
  { key: 'myrzakent', fullName: 'Нұрлан Құлымбетов', login: 'myrzakent', organization: 'myrzakent', position: 'Мырзакент кентінің әкімі', roles: [], locale: 'ru', reportsToAkim: true },
  { key: 'atakent', fullName: 'Дәулет Сапаров', login: 'atakent', organization: 'atakent', position: 'Атакент ауылдық округінің әкімі', roles: [], locale: 'kk', reportsToAkim: true },
  { key: 'zhambyl', fullName: 'Серік Мамыров', login: 'zhambyl', organization: 'zhambyl', position: 'Жамбыл ауылдық округінің әкімі', roles: [], locale: 'kk', reportsToAkim: true },
  { key: 'uzbek', fullName: 'Рустам Юлдашев', login: 'uzbek', organization: 'uzbek', position: 'Өзбек этномәдени орталығының төрағасы', roles: ['signatory'], locale: 'ru' },
  { key: 'tajik', fullName: 'Фарход Каримов', login: 'tajik', organization: 'tajik', position: 'Тәжік этномәдени орталығының төрағасы', roles: ['signatory'], locale: 'ru' },
  {
    key: 'azerbaijani',
    fullName: 'Эльчин Гасанов',
    login: 'azerbaijan',
    organization: 'azerbaijani',
    position: 'Әзірбайжан этномәдени орталығының төрағасы',
    roles: ['signatory'],
    locale: 'ru',
  },
  { key: 'russian', fullName: 'Ольга Петренко', login: 'russian', organization: 'russian', position: 'Орыс этномәдени орталығының төрағасы', roles: ['signatory'], locale: 'ru' },
  { key: 'korean', fullName: 'Виктор Ким', login: 'korean', organization: 'korean', position: 'Корей этномәдени орталығының төрағасы', roles: ['signatory'], locale: 'ru' },
];

export const emailOf = (person: DemoPerson): string => `${person.login}@${DEMO_MAIL_DOMAIN}`;

/** The parties of the memorandum; the internal policy department drafts it. */
export const MEMORANDUM_PARTIES: readonly PersonKey[] = ['akim', 'policy', 'police', 'publicCouncil', 'kelisim', ...CENTRES];

export const MEMORANDUM = {
  title: 'Ұлтаралық келісімді сақтау жөніндегі ынтымақтастық туралы меморандум (2021 жыл)',
  purpose:
    'Мақтаарал ауданы бойынша ұлтаралық түсінбеушіліктің, кикілжіңнің, қақтығыстың алдын алу, этникалық мәселелерді теріс саяси мақсатта пайдалануға жол бермеуге бағытталған ортақ жұмыс жүргізу.',
  clausesV1: [
    'Тараптар Мақтаарал ауданындағы ұлтаралық татулық пен қоғамдық келісімді нығайту мақсатында өзара ынтымақтастықта жұмыс істейді.',
    'Тараптар этносаралық қатынастарға қатысты әлеуметтік шиеленіс тудыруы ықтимал мәселелер туралы бір-біріне дереу хабарлайды және оларды бірлесіп шешеді.',
    'Аудандық полиция бөлімі ұлтаралық шиеленістердің алдын алу бойынша атқарылған жұмыстар туралы тоқсан сайын мекемеаралық мәжілісте баяндайды.',
    'Этномәдени орталықтар өз қауымдастықтары арасында Қазақстан халқының бірлігін насихаттау жұмыстарын жүргізеді.',
    'Ішкі саясат бөлімі Меморандумның орындалуын үйлестіреді және жыл сайын аудан әкіміне есеп береді.',
    'Меморандум тараптар қол қойған күннен бастап күшіне енеді және мерзімсіз әрекет етеді.',
  ],
  amendmentReason:
    'Мекемеаралық мәжілістің шешімімен Меморандум аудан әкімдігі және аудан прокуратурасымен бірлесіп қаралып, өзгерістер мен толықтырулар енгізілді.',
  /** Version 2 keeps clauses 1–5, adds these, and ends with the entry-into-force clause. */
  addedClauses: [
    'Тараптар «Қоғамдық-саяси тұрақтылықты қамтамасыз ету, этносаралық қақтығыстардың алдын алу жөніндегі арнайы жұмыс тобының» және «Этносаралық татулықты нығайту жөніндегі ақпараттық-түсіндіру топтарының» жұмысына қатысады.',
    'Топтардың жұмысына құқық қорғау органдары, медиаторлар, аудан ардагерлері, ауыл ақсақалдары мен билері тартылады; даулы жағдайлар алдымен медиация тәртібімен қаралады.',
    'Түркістан облысы қоғамдық даму басқармасының «Қоғамдық келісім» КММ жанынан этномәдени орталықтардың мүшелері үшін «Достық» бөлмесі ашылады.',
    'Әлеуметтік, ұлттық, рулық, нәсілдік, тектік-топтық немесе діни алауыздықты қоздыру Қазақстан Республикасының Қылмыстық кодексі бойынша жауапкершілікке әкелетіні әрбір елді мекенде түсіндіріледі.',
  ],
} as const;

export const MEETING = {
  title: 'Қоғамдық-саяси ахуалдың тұрақтылығын қамтамасыз ету жөніндегі мекемеаралық мәжіліс',
  location: 'Мақтаарал ауданы әкімдігі, мәжіліс залы (Мырзакент кенті)',
  agenda: [
    { title: 'Аудандағы ұлтаралық шиеленістердің алдын алу бағытында атқарылып жатқан жұмыстар туралы', speaker: 'police' as PersonKey },
    { title: '2021 жылғы ұлтаралық татулықты сақтау жөніндегі ынтымақтастық туралы Меморандум туралы', speaker: 'policy' as PersonKey },
  ],
};

export const DECISIONS = {
  explanatoryWork:
    'Әрбір елді мекенде депутаттар, учаскелік полиция инспекторлары, ауыл әкімдері, ақсақалдар, билер және белсенді жастар бірлесіп тұрғындар мен жастарға түсіндіру жұмыстарын белсенді жүргізсін.',
  explanatoryTask: {
    title: 'Әрбір елді мекенде тұрғындар мен жастарға түсіндіру жұмыстарын жүргізу',
    description:
      'Депутаттар, учаскелік полиция инспекторлары, ақсақалдар, билер және белсенді жастармен бірлесіп кездесулер өткізу. Алауыздықты қоздыру ҚР Қылмыстық кодексі бойынша жауапкершілікке әкелетінін түсіндіру. Есепте елді мекендерді, кездесу күндерін және қатысушылар санын көрсету.',
  },
  specialGroup: 'Қоғамдық саяси тұрақтылықты қамтамасыз ету, этносаралық қақтығыстардың алдын алу мақсатында арнайы жұмыс тобы құрылсын.',
  specialGroupName: 'Қоғамдық-саяси тұрақтылықты қамтамасыз ету, этносаралық қақтығыстардың алдын алу жөніндегі арнайы жұмыс тобы',
  specialGroupMandate:
    'Ұлтаралық түсінбеушіліктің, кикілжіңнің, қақтығыстың алдын алу; әлеуметтік шиеленіс тудыруы ықтимал мәселелердің себептерін анықтап, шешу жолдарын ұсыну; «Достық» бөлмесін ашуды ұйымдастыру.',
  infoGroup: 'Аудан аумағындағы этносаралық татулықты нығайту мақсатында ақпараттық-түсіндіру топтары құрылсын.',
  infoGroupName: 'Аудан аумағындағы этносаралық татулықты нығайту жөніндегі ақпараттық-түсіндіру тобы',
  infoGroupMandate:
    'Елді мекендерде ақпараттық-түсіндіру кездесулерін өткізу; медиаторлар, ардагерлер, ауыл ақсақалдары мен билерін және этномәдени орталықтарды тарту.',
  dostyq:
    '«Қоғамдық келісім» КММ жанынан этномәдени орталық мүшелері үшін «Достық» бөлмесін ашу ұсынысы қолдансын; ұйымдастыру арнайы жұмыс тобына жүктелсін.',
  tazaQazaqstan: '«Таза Қазақстан» республикалық экологиялық акциясы аудан тұрғындарына жаппай насихатталсын.',
  border: 'Мемлекеттік шекара мәселесі бойынша ақпарат назарға алынсын.',
};

export const FOLLOW_UPS = {
  dostyq: {
    title: '«Достық» бөлмесін ашу: орын, жабдық және жұмыс кестесі',
    description: 'Бөлменің орнын айқындау, жабдықтау және этномәдени орталықтармен бірлесіп жұмыс кестесін бекіту.',
  },
  taza: {
    title: '«Таза Қазақстан» акциясы аясында сенбілік өткізу және тұрғындарға насихаттау',
    description: 'Ауылдық округ аумағында сенбілік ұйымдастыру, фото және қатысушылар саны бар есеп ұсыну.',
  },
  monthly: {
    title: 'Ай сайынғы түсіндіру жұмыстары туралы есеп',
    description: 'Әр айдың 25-і күнге дейін елді мекендерде өткізілген түсіндіру кездесулері туралы есеп беру.',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=25;COUNT=3',
  },
  reportDone: 'Округтің 6 елді мекенінде 9 түсіндіру кездесуі өтті, 740 тұрғын мен 160 жас қатысты; ақсақалдар мен учаскелік полиция инспекторлары қатысты.',
  reportReturned: 'Түсіндіру жұмыстары жүргізілді.',
  returnReason: 'Қай елді мекендерде, қашан және қанша тұрғын қатысқаны көрсетілмеген. Есепті толықтырыңыз.',
};

/** Women among the demo's people: the IIN's seventh digit says so. */
const WOMEN: ReadonlySet<string> = new Set(['Гүлмира Жұмабекова', 'Айгүл Тұрсынова', 'Ольга Петренко']);

/** A number with a valid check digit: the first serial from `serial` whose eleven digits can be closed. */
function closed(prefix: string, serial: number, width: number): string {
  for (let n = serial; ; n++) {
    const digits = `${prefix}${String(n).padStart(width, '0')}`;
    const check = kzCheckDigit(digits);
    if (check !== null) return `${digits}${check}`;
  }
}

/**
 * The demo organization's BIN: registered (YYMM) in a plausible month between 1997 and 2014,
 * a resident legal entity (4), head office (0). Invented: valid in form and check digit only.
 */
export function demoBin(organization: DemoOrganization): string {
  const index = ORGANIZATIONS.indexOf(organization);
  const year = String(97 + index).slice(-2).padStart(2, '0');
  const month = String((index * 5) % 12 + 1).padStart(2, '0');
  return closed(`${year}${month}40`, 120 + index * 37, 5);
}

/** The demo person's IIN: a birth date between 1962 and 1990, born in the 20th century (3 a man, 4 a woman). Invented. */
export function demoIin(person: DemoPerson): string {
  const index = PEOPLE.indexOf(person);
  const year = String(62 + ((index * 7) % 29)).padStart(2, '0');
  const month = String((index * 5) % 12 + 1).padStart(2, '0');
  const day = String((index * 11) % 28 + 1).padStart(2, '0');
  return closed(`${year}${month}${day}${WOMEN.has(person.fullName) ? 4 : 3}`, 300 + index * 13, 4);
}

/**
 * The district police department's head, away: Қ. Сатыбалдиев acts for him (И.о., "міндетін
 * атқарушы" in the meeting's protocol). Recorded as a substitution on an order of the regional
 * police department, from the story's first day for a season.
 */
export const ABSENT_POLICE_HEAD = {
  fullName: 'Е. Төлепбергенов',
  login: 'police-head',
  position: 'Аудандық полиция бөлімінің бастығы (еңбек демалысында)',
  iin: closed('7104123', 246, 4),
  actingFor: 'police' as PersonKey,
  basis: { orderNumber: '214 ж/қ' },
  days: 90,
};
