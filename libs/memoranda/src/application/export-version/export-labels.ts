import type { Locale } from '@kelisim/kernel';

/**
 * Headings and labels of an exported version, in each of the three languages. Statuses and review
 * outcomes are not here: they are the kernel's glossary (`term`), the console's and e-mails' words.
 */
export interface ExportLabels {
  document: string;
  version: string;
  versionStatus: string;
  memorandumStatus: string;
  enteredIntoForce: string;
  textHash: string;
  purpose: string;
  text: string;
  parties: string;
  organization: string;
  reviewer: string;
  review: string;
  outcome: string;
  by: string;
  time: string;
  comment: string;
  remarks: string;
  clause: string;
  round: string;
  approvals: string;
  signatures: string;
  signer: string;
  onBehalf: string;
  /** Before the name of whom a deputy acted for: "И.о." / "м.а." / "Acting for". */
  acting: string;
  /** An ЭЦП signature: `{name}, IIN …, BIN …` then the certificate. */
  eds: string;
  clickSignature: string;
  iin: string;
  bin: string;
  certificate: string;
  issuer: string;
  validity: string;
  timestamp: string;
  none: string;
  notReviewed: string;
  generatedAt: string;
}

export const EXPORT_LABELS: Readonly<Record<Locale, ExportLabels>> = {
  kk: {
    document: 'Ынтымақтастық туралы меморандум',
    version: 'Нұсқа',
    versionStatus: 'Нұсқаның мәртебесі',
    memorandumStatus: 'Меморандумның мәртебесі',
    enteredIntoForce: 'Күшіне енген уақыты',
    textHash: 'Мәтін хэші (SHA-256)',
    purpose: 'Мақсаты',
    text: 'Меморандум мәтіні',
    parties: 'Тараптар',
    organization: 'Ұйым',
    reviewer: 'Қараушы ұйым',
    review: 'Прокуратураның қарау нәтижесі',
    outcome: 'Нәтиже',
    by: 'Кім',
    time: 'Уақыты',
    comment: 'Түсініктеме',
    remarks: 'Ескертулер',
    clause: 'Тармақ',
    round: 'Қарау кезеңі',
    approvals: 'Келісулер',
    signatures: 'Қолтаңбалар',
    signer: 'Қол қойған',
    onBehalf: 'тарап атынан әкімші',
    acting: 'м.а.',
    eds: 'ЭЦҚ',
    clickSignature: 'Басу арқылы қол қойылды, ЭЦҚ жоқ',
    iin: 'ЖСН',
    bin: 'БСН',
    certificate: 'сертификат №',
    issuer: 'берген',
    validity: 'жарамды',
    timestamp: 'уақыт белгісі',
    none: 'Әзірге жоқ',
    notReviewed: 'Әлі қаралмаған',
    generatedAt: 'Құжат жасалған уақыт',
  },
  ru: {
    document: 'Меморандум о сотрудничестве',
    version: 'Версия',
    versionStatus: 'Статус версии',
    memorandumStatus: 'Статус меморандума',
    enteredIntoForce: 'Вступила в силу',
    textHash: 'Хэш текста (SHA-256)',
    purpose: 'Цель',
    text: 'Текст меморандума',
    parties: 'Стороны',
    organization: 'Организация',
    reviewer: 'Проверяющая организация',
    review: 'Результат проверки прокуратуры',
    outcome: 'Результат',
    by: 'Кто',
    time: 'Время',
    comment: 'Комментарий',
    remarks: 'Замечания',
    clause: 'Пункт',
    round: 'Раунд проверки',
    approvals: 'Согласования',
    signatures: 'Подписи',
    signer: 'Подписал',
    onBehalf: 'администратор от имени стороны',
    acting: 'И.о.',
    eds: 'ЭЦП',
    clickSignature: 'Подписано нажатием, без ЭЦП',
    iin: 'ИИН',
    bin: 'БИН',
    certificate: 'сертификат №',
    issuer: 'издатель',
    validity: 'действителен',
    timestamp: 'метка времени',
    none: 'Пока нет',
    notReviewed: 'Ещё не рассмотрено',
    generatedAt: 'Документ сформирован',
  },
  en: {
    document: 'Memorandum of cooperation',
    version: 'Version',
    versionStatus: 'Version status',
    memorandumStatus: 'Memorandum status',
    enteredIntoForce: 'Entered into force',
    textHash: 'Text hash (SHA-256)',
    purpose: 'Purpose',
    text: 'Text of the memorandum',
    parties: 'Parties',
    organization: 'Organization',
    reviewer: 'Reviewer organization',
    review: "Prosecutor's review",
    outcome: 'Outcome',
    by: 'By',
    time: 'Time',
    comment: 'Comment',
    remarks: 'Remarks',
    clause: 'Clause',
    round: 'Review round',
    approvals: 'Approvals',
    signatures: 'Signatures',
    signer: 'Signed by',
    onBehalf: 'admin acting for the party',
    acting: 'Acting for',
    eds: 'ЭЦП (digital signature)',
    clickSignature: 'Click signature, no ЭЦП',
    iin: 'IIN',
    bin: 'BIN',
    certificate: 'certificate no.',
    issuer: 'issuer',
    validity: 'valid',
    timestamp: 'timestamp',
    none: 'None yet',
    notReviewed: 'Not reviewed yet',
    generatedAt: 'Generated',
  },
};
