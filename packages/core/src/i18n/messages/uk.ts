// Messages to families, in Ukrainian.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: нам важлива ваша думка",
  "email.invitation.intro": "{org} запрошує вас відповісти на коротке опитування. Це займе лише кілька хвилин.",
  "email.reminder.subject": "Нагадування: {title}",
  "email.reminder.intro": "{org} досі чекає на вашу думку. Якщо ви вже відповіли, дякуємо — просто не зважайте на це повідомлення.",
  "email.action": "Пройти опитування",
  "email.link_help": "Якщо кнопка не працює, скопіюйте це посилання в браузер:",
  "email.closes": "Опитування закриється {date}.",
  "email.anonymous": "Ваші відповіді анонімні.",
  "email.confidential": "Ваші відповіді конфіденційні.",
  "email.footer": "Ви отримали цей лист, бо {org} має ваші контактні дані.",
  "email.unsubscribe": "Відписатися від листів з опитуваннями",
  "sms.invitation": "{org}: будь ласка, дайте відповідь на коротке опитування «{title}»: {link}",
  "sms.reminder": "Нагадування від {org}: будь ласка, дайте відповідь на «{title}»: {link}",
  "sms.opt_out": "Щоб відписатися, надішліть STOP.",
  "sms.help": "Опитування для родин від {org}. Може стягуватися плата за повідомлення й дані. Щоб відписатися, надішліть STOP.",
  "sms.stopped": "Ви більше не отримуватимете повідомлень від {org}. Щоб знову їх отримувати, надішліть START.",
  "sms.started": "Ви знову отримуватимете повідомлення від {org}. Щоб відписатися, надішліть STOP.",
  "unsubscribe.title": "Відписатися від листів з опитуваннями від {org}?",
  "unsubscribe.body": "Ви більше не отримуватимете листів з опитуваннями від {org} на цю адресу.",
  "unsubscribe.action": "Відписатися",
  "unsubscribe.done.title": "Ви відписалися",
  "unsubscribe.done.body": "{org} більше не надсилатиме листи з опитуваннями на цю адресу.",
  "unsubscribe.invalid.title": "Це посилання не працює",
  "unsubscribe.invalid.body": "Можливо, посилання неповне. Відкрийте його ще раз з отриманого листа.",
} satisfies MessagesCatalogue;
