import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the groups context's error codes (titles come from the problem kinds). */
export function registerGroupProblems(): void {
  registerProblemDetails({
    'WORKING_GROUP.INVALID_TRANSITION': {
      kk: '«{from}» күйіндегі жұмыс тобында «{action}» әрекеті мүмкін емес (тек «active» күйіндегі топ өзгереді; «{to}»).',
      ru: 'Действие «{action}» недопустимо для рабочей группы в статусе «{from}» (изменяется только группа в статусе «active»; «{to}»).',
      en: "Cannot {action} a working group in status '{from}' (only an 'active' group changes; target '{to}').",
    },
    'MEETING.INVALID_TRANSITION': {
      kk: '«{from}» күйіндегі мәжілісте «{action}» әрекеті мүмкін емес (ол «{to}» күйіне әкелер еді).',
      ru: 'Действие «{action}» недопустимо для совещания в статусе «{from}» (оно вело бы в статус «{to}»).',
      en: "Cannot {action} a meeting in status '{from}' (it would move to '{to}').",
    },
    'WORKING_GROUP.NOT_FOUND': { kk: 'Жұмыс тобы табылмады: {id}.', ru: 'Рабочая группа не найдена: {id}.', en: 'No working group with id {id}.' },
    'MEETING.NOT_FOUND': { kk: 'Мәжіліс табылмады: {id}.', ru: 'Совещание не найдено: {id}.', en: 'No meeting with id {id}.' },
    'WORKING_GROUP.CHAIR_OR_CONTROLLER_REQUIRED': {
      kk: 'Бұл әрекетті тек жұмыс тобының төрағасы немесе бақылаушы жасай алады.',
      ru: 'Это действие может выполнить только председатель рабочей группы или контролёр.',
      en: "Only the working group's chair or a controller may {action}.",
    },
    'MEETING.CHAIR_OR_CONTROLLER_REQUIRED': {
      kk: 'Бұл әрекетті тек мәжіліс төрағасы немесе бақылаушы жасай алады.',
      ru: 'Это действие может выполнить только председатель совещания или контролёр.',
      en: "Only the meeting's chair or a controller may {action}.",
    },
    'WORKING_GROUP.ALREADY_MEMBER': {
      kk: 'Пайдаланушы топта «{role}» рөлінде бұрыннан бар.',
      ru: 'Пользователь уже состоит в группе с ролью «{role}».',
      en: 'User {userId} is already a member of the working group as {role}.',
    },
    'WORKING_GROUP.NOT_A_MEMBER': {
      kk: 'Пайдаланушы жұмыс тобының қазіргі мүшесі емес.',
      ru: 'Пользователь не является текущим членом рабочей группы.',
      en: 'User {userId} is not a current member of the working group.',
    },
    'WORKING_GROUP.CHAIR_CANNOT_LEAVE': {
      kk: 'Төраға топтан шыға алмайды; алдымен басқа төраға тағайындаңыз.',
      ru: 'Председатель не может покинуть группу; сначала назначьте другого председателя.',
      en: 'The chair cannot leave the working group; appoint another chair first.',
    },
    'MEETING.DRAFT_DUE_IN_PAST': {
      kk: '{decision}-шешім: «{title}» тапсырмасының мерзімі өтіп кетті; жаңа шешім енгізіңіз.',
      ru: 'Решение {decision}: срок поручения «{title}» уже прошёл; внесите новое решение.',
      en: 'Decision {decision}: the due date of task "{title}" has passed; record a new decision.',
    },
    'MEETING.UNKNOWN_DECISION': {
      kk: '{field}: мұндай мәжіліс шешімі жоқ.',
      ru: '{field}: такого решения совещания нет.',
      en: '{field} is not a decision of any meeting.',
    },
    'MEETING.DECISION_NOT_APPROVED': {
      kk: 'Шешімнің мәжілісі «{status}» күйінде: тапсырма мәжіліс хаттамасы бекітілгеннен кейін ғана шешімге сілтей алады.',
      ru: 'Совещание этого решения в статусе «{status}»: поручение может ссылаться на решение только после утверждения протокола.',
      en: "The decision's meeting is '{status}': a task may cite a decision once its protocol is approved.",
    },
    'GROUPS.TEXT_LENGTH': {
      kk: '{field}: мәтін бос немесе рұқсат етілген шектен ұзын.',
      ru: '{field}: текст пуст или длиннее допустимого.',
      en: '{field} is empty or too long.',
    },
    'GROUPS.TOO_MANY': {
      kk: '{field}: элементтер саны шектен асады.',
      ru: '{field}: слишком много элементов.',
      en: '{field} has too many items.',
    },
    'GROUPS.UNKNOWN_USER': {
      kk: '{field}: мұндай белсенді пайдаланушы жоқ.',
      ru: '{field}: нет такого активного пользователя.',
      en: '{field} is not an active user.',
    },
    'GROUPS.NOT_A_CONTROLLER': {
      kk: '{field}: пайдаланушының бақылаушы рөлі жоқ.',
      ru: '{field}: у пользователя нет роли контролёра.',
      en: '{field} must be a user with the controller role.',
    },
    'GROUPS.TASK_DRAFT': {
      kk: '{field}: тапсырма жобасы дұрыс толтырылмаған.',
      ru: '{field}: проект поручения заполнен неверно.',
      en: '{field}: the task draft is not valid.',
    },
  });
}
