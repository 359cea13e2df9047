import { registerProblemDetails } from '@kelisim/http';

/**
 * kk/ru/en details of the transparency log's error codes (titles come from the problem kinds).
 * Terms: checkpoint = журналдың бақылау нүктесі / контрольная точка журнала; signed note = қол
 * қойылған жазба / подписанная запись; verifier key = тексеру кілті / ключ проверки.
 */
export function registerTransparencyProblems(): void {
  registerProblemDetails({
    'TRANSPARENCY.MALFORMED_NOTE': {
      kk: 'Қол қойылған жазба ({field}) дұрыс жазылмаған: {reason}.',
      ru: 'Подписанная запись ({field}) составлена неверно: {reason}.',
      en: 'The signed note ({field}) is malformed: {reason}.',
    },
    'TRANSPARENCY.MALFORMED_CHECKPOINT': {
      kk: 'Журналдың бақылау нүктесі ({field}) дұрыс жазылмаған: {reason}.',
      ru: 'Контрольная точка журнала ({field}) составлена неверно: {reason}.',
      en: 'The checkpoint ({field}) is malformed: {reason}.',
    },
    'TRANSPARENCY.MALFORMED_VERIFIER_KEY': {
      kk: 'Тексеру кілті ({field}) дұрыс жазылмаған: {reason}.',
      ru: 'Ключ проверки ({field}) составлен неверно: {reason}.',
      en: 'The verifier key ({field}) is malformed: {reason}.',
    },
    'TRANSPARENCY.NOTE_NOT_VERIFIED': {
      kk: 'Жазбада ({field}) белгілі кілттің қолтаңбасы жоқ; қол қойғандар: {signers}.',
      ru: 'В записи ({field}) нет подписи известного ключа; подписали: {signers}.',
      en: 'The note ({field}) carries no signature by a known key; signed by: {signers}.',
    },
    'TRANSPARENCY.NOTE_SIGNATURE_INVALID': {
      kk: '{key} кілтінің қолтаңбасы жазба мәтініне ({field}) сәйкес келмейді.',
      ru: 'Подпись ключа {key} не соответствует тексту записи ({field}).',
      en: "The signature of {key} does not match the note's text ({field}).",
    },
    'WITNESS.NOT_FOUND': {
      kk: '{id} куәгері жоқ.',
      ru: 'Свидетеля {id} нет.',
      en: 'There is no witness {id}.',
    },
    'WITNESS.INACTIVE': {
      kk: 'Куәгер бұрыннан белсенді емес.',
      ru: 'Свидетель уже неактивен.',
      en: 'The witness is already inactive.',
    },
    'JOURNAL_EVENT.NOT_FOUND': {
      kk: 'Журналда {id} позициясында мөрленген оқиға жоқ (оқиға жоқ немесе ағашқа әлі енбеген).',
      ru: 'В журнале нет запечатанного события на позиции {id} (события нет или оно ещё не вошло в дерево).',
      en: 'The journal has no sealed event at position {id} (there is none, or it is not in the tree yet).',
    },
    'TRANSPARENCY.PROOF_OUT_OF_RANGE': {
      kk: '{field} = {value} ағаштан тыс (рұқсат етілгені: {allowed}).',
      ru: '{field} = {value} вне дерева (допустимо: {allowed}).',
      en: '{field} = {value} is outside the tree (allowed: {allowed}).',
    },
  });
}
