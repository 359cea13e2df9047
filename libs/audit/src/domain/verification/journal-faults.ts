import type { LocalizedText } from '@kelisim/kernel';

/**
 * What a verification of the journal can find, each named for a person in kk/ru/en. Terms as in
 * docs/journal.md: event — оқиға — событие; stream — ағын — поток; checkpoint — журналдың бақылау
 * нүктесі — контрольная точка журнала; witness — куә — свидетель; tree size — ағаш өлшемі —
 * размер дерева; leaf — жапырақ — лист.
 */
export const JOURNAL_FAULT_TEXTS = {
  EVENT_ALTERED: {
    kk: '{position} позициясындағы оқиға жазылғаннан кейін өзгертілген: оның хеші мазмұнына сәйкес келмейді.',
    ru: 'Событие на позиции {position} изменено после записи: его хеш не соответствует содержимому.',
    en: 'The event at position {position} was changed after it was written: its hash does not match its contents.',
  },
  CHAIN_BROKEN: {
    kk: '{position} позициясындағы оқиға өз ағынының алдыңғы оқиғасын жалғастырмайды: оның алдындағы оқиға жойылған, орны ауыстырылған немесе алмастырылған.',
    ru: 'Событие на позиции {position} не продолжает предыдущее событие своего потока: событие перед ним удалено, перемещено или заменено.',
    en: 'The event at position {position} does not follow the previous event of its stream: an event before it was deleted, moved or replaced.',
  },
  LEAF_MISSING: {
    kk: 'Журнал ағашының {leafIndex} жапырағында оқиға жоқ: оқиға жойылған.',
    ru: 'У листа {leafIndex} дерева журнала нет события: событие удалено.',
    en: "Leaf {leafIndex} of the journal's tree has no event: an event was deleted.",
  },
  ROOT_MISMATCH: {
    kk: 'Журнал ағаш өлшемі {treeSize} журналдың бақылау нүктесіне сәйкес келмейді: алғашқы {treeSize} оқиға басқа түбір хешін береді — тарих қайта жазылған, реті өзгертілген немесе жойылған.',
    ru: 'Журнал не соответствует контрольной точке журнала размера дерева {treeSize}: первые {treeSize} событий дают другой корневой хеш — история переписана, переупорядочена или удалена.',
    en: 'The journal does not match its checkpoint of tree size {treeSize}: its first {treeSize} events give another root hash — history was rewritten, reordered or deleted.',
  },
  WITNESS_ROOT_MISMATCH: {
    kk: 'Журнал куәдегі ағаш өлшемі {treeSize} бақылау нүктесіне сәйкес келмейді: алғашқы {treeSize} оқиға басқа түбір хешін береді — тарих куә көшірмесін сақтағаннан кейін қайта жазылған.',
    ru: 'Журнал не соответствует контрольной точке размера дерева {treeSize}, хранящейся у свидетеля: первые {treeSize} событий дают другой корневой хеш — история переписана после того, как свидетель сохранил копию.',
    en: "The journal does not match the witness's checkpoint of tree size {treeSize}: its first {treeSize} events give another root hash — history was rewritten after the witness kept its copy.",
  },
  CHECKPOINT_BEYOND_JOURNAL: {
    kk: 'Журналда {leaves} мөрленген оқиға бар, бұл журналдың бақылау нүктесі қамтитын {treeSize} оқиғадан аз: соңғы оқиғалар жойылған.',
    ru: 'В журнале {leaves} запечатанных событий — меньше {treeSize}, которые покрывает контрольная точка журнала: события в конце удалены.',
    en: 'The journal holds {leaves} sealed events, fewer than the {treeSize} its checkpoint covers: events at the end were deleted.',
  },
  WITNESS_BEYOND_JOURNAL: {
    kk: 'Журналда {leaves} мөрленген оқиға бар, бұл куәдегі бақылау нүктесі қамтитын {treeSize} оқиғадан аз: соңғы оқиғалар жойылған немесе дерекқор ескі сақтық көшірмеден қалпына келтірілген.',
    ru: 'В журнале {leaves} запечатанных событий — меньше {treeSize}, которые покрывает контрольная точка у свидетеля: события в конце удалены или база данных восстановлена из более старой резервной копии.',
    en: "The journal holds {leaves} sealed events, fewer than the {treeSize} the witness's checkpoint covers: events at the end were deleted, or the database was restored from an older backup.",
  },
  CHECKPOINT_SIGNATURE: {
    kk: 'Ағаш өлшемі {treeSize} журналдың бақылау нүктесіне журнал кілтімен ({key}) қол қойылмаған: ол жалған немесе басқа кілтпен қайта қол қойылған.',
    ru: 'Контрольная точка журнала размера дерева {treeSize} не подписана ключом журнала ({key}): она подделана или переподписана другим ключом.',
    en: "The checkpoint of tree size {treeSize} is not signed by the journal's key ({key}): it was forged or re-signed with another key.",
  },
  WITNESS_SIGNATURE: {
    kk: 'Куәдегі ағаш өлшемі {treeSize} бақылау нүктесіне журнал кілтімен ({key}) қол қойылмаған: ол бұл журналдікі емес немесе жалған.',
    ru: 'Контрольная точка размера дерева {treeSize} у свидетеля не подписана ключом журнала ({key}): она не от этого журнала или подделана.',
    en: "The witness's checkpoint of tree size {treeSize} is not signed by the journal's key ({key}): it is not this journal's, or it was forged.",
  },
} as const satisfies Record<string, LocalizedText>;

export type JournalFaultCode = keyof typeof JOURNAL_FAULT_TEXTS;
