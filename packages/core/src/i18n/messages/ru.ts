// Messages to families, in Russian.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: нам важно ваше мнение",
  "email.invitation.intro": "{org} приглашает вас ответить на короткий опрос. Это займёт всего несколько минут.",
  "email.reminder.subject": "Напоминание: {title}",
  "email.reminder.intro": "{org} всё ещё ждёт вашего мнения. Если вы уже ответили, спасибо — просто не обращайте внимания на это сообщение.",
  "email.action": "Пройти опрос",
  "email.link_help": "Если кнопка не работает, скопируйте эту ссылку в браузер:",
  "email.closes": "Опрос закроется {date}.",
  "email.anonymous": "Ваши ответы анонимны.",
  "email.confidential": "Ваши ответы конфиденциальны.",
  "email.footer": "Вы получили это письмо, потому что у {org} есть ваши контактные данные.",
  "email.unsubscribe": "Отписаться от писем с опросами",
  "sms.invitation": "{org}: пожалуйста, ответьте на короткий опрос «{title}»: {link}",
  "sms.reminder": "Напоминание от {org}: пожалуйста, ответьте на «{title}»: {link}",
  "sms.opt_out": "Чтобы отписаться, ответьте STOP.",
  "sms.help": "Опросы для семей от {org}. Может взиматься плата за сообщения и данные. Чтобы отписаться, ответьте STOP.",
  "sms.stopped": "Вы больше не будете получать сообщения от {org}. Чтобы снова их получать, ответьте START.",
  "sms.started": "Вы снова будете получать сообщения от {org}. Чтобы отписаться, ответьте STOP.",
  "unsubscribe.title": "Отписаться от писем с опросами от {org}?",
  "unsubscribe.body": "Вы больше не будете получать письма с опросами от {org} на этот адрес.",
  "unsubscribe.action": "Отписаться",
  "unsubscribe.done.title": "Вы отписались",
  "unsubscribe.done.body": "{org} больше не будет отправлять письма с опросами на этот адрес.",
  "unsubscribe.invalid.title": "Эта ссылка не работает",
  "unsubscribe.invalid.body": "Возможно, ссылка неполная. Откройте её ещё раз из полученного письма.",
} satisfies MessagesCatalogue;
