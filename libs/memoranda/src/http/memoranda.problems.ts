import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the memoranda's error codes. */
export function registerMemorandaProblems(): void {
  registerProblemDetails({
    'MEMORANDUM.NOT_ALLOWED': {
      kk: 'Бұл әрекетті ({action}) тек {who} орындай алады.',
      ru: 'Это действие ({action}) может выполнить только {who}.',
      en: 'Only {who} may {action} here.',
    },
    'MEMORANDUM.DRAFTER_NOT_PARTY': {
      kk: 'Жобаны дайындаушы ұйым меморандум тараптарының бірі болуы тиіс.',
      ru: 'Организация-разработчик должна быть одной из сторон меморандума.',
      en: "The drafter's organization must be one of the parties.",
    },
    'MEMORANDUM.PARTY_ALREADY_ACTED': {
      kk: 'Бұл тарап ({organizationId}) осы мәтінге «{action}» әрекетін бұрын орындаған.',
      ru: 'Эта сторона ({organizationId}) уже выполнила «{action}» для этого текста.',
      en: 'The party {organizationId} has already done "{action}" on this text.',
    },
    'MEMORANDUM.TEXT_CHANGED': {
      kk: 'Қол қойылған мәтін ({expected}) нұсқаның қазіргі мәтінінен ({actual}) өзгеше: ескі мәтінге қойылған қолтаңба жарамсыз.',
      ru: 'Подписанный текст ({expected}) отличается от текущего текста версии ({actual}): подпись под старым текстом недействительна.',
      en: 'The text was signed as {expected}, but the version now reads {actual}: a signature over an old text is void.',
    },
    'MEMORANDUM.VERSION_ALREADY_OPEN': {
      kk: '{number}-нұсқа әлі ашық; алдымен оны аяқтаңыз немесе кері қайтарып алыңыз.',
      ru: 'Версия {number} ещё открыта; сначала завершите или отзовите её.',
      en: 'Version {number} is still open; finish or withdraw it first.',
    },
    'MEMORANDUM.INVALID_PARTIES': {
      kk: '{field} өрісі дұрыс емес: тараптар, қол қоюшылар немесе тексеруші ұйым анықтамалыққа сәйкес келмейді.',
      ru: 'Поле {field} некорректно: стороны, подписанты или проверяющая организация не соответствуют справочнику.',
      en: '{field} is not valid: the parties, signatories or reviewer do not match the directory.',
    },
    'MEMORANDUM.UNKNOWN_CLAUSE': {
      kk: '{field}: нұсқада мұндай тармақ жоқ.',
      ru: '{field}: в версии нет такого пункта.',
      en: '{field}: the version has no such clause.',
    },
    'MEMORANDUM.INVALID_TRANSITION': {
      kk: 'Меморандум «{from}» күйінде: «{action}» әрекеті мүмкін емес.',
      ru: 'Меморандум в состоянии «{from}»: действие «{action}» недопустимо.',
      en: "Cannot {action} a memorandum in status '{from}'.",
    },
    'VERSION.INVALID_TRANSITION': {
      kk: 'Нұсқа «{from}» күйінде: «{action}» әрекеті мүмкін емес.',
      ru: 'Версия в состоянии «{from}»: действие «{action}» недопустимо.',
      en: "Cannot {action} a version in status '{from}'.",
    },
  });
}
