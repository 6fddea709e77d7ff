// Messages to families, in Arabic (Modern Standard Arabic, simple).
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: نودّ أن نسمع رأيكم",
  "email.invitation.intro": "تدعوكم {org} إلى الإجابة عن استبيان قصير. لن يستغرق سوى بضع دقائق.",
  "email.reminder.subject": "تذكير: {title}",
  "email.reminder.intro": "ما زالت {org} تودّ أن تسمع رأيكم. إذا كنتم قد أجبتم بالفعل فشكرًا لكم، ويُرجى تجاهل هذه الرسالة.",
  "email.action": "الإجابة عن الاستبيان",
  "email.link_help": "إذا لم يعمل الزر، انسخوا هذا الرابط في المتصفح:",
  "email.closes": "يُغلق الاستبيان في {date}.",
  "email.anonymous": "إجاباتكم مجهولة الهوية.",
  "email.confidential": "إجاباتكم سرية.",
  "email.footer": "تصلكم هذه الرسالة لأن لدى {org} بيانات الاتصال الخاصة بكم.",
  "email.unsubscribe": "إلغاء الاشتراك في رسائل الاستبيانات",
  "sms.invitation": "{org}: يُرجى الإجابة عن استبياننا القصير «{title}»: {link}",
  "sms.reminder": "تذكير من {org}: يُرجى الإجابة عن «{title}»: {link}",
  "sms.opt_out": "أرسلوا STOP لإلغاء الاشتراك.",
  "sms.help": "استبيانات الأسر من {org}. قد تُطبَّق رسوم الرسائل والبيانات. أرسلوا STOP لإلغاء الاشتراك.",
  "sms.stopped": "لن تصلكم رسائل أخرى من {org}. أرسلوا START لاستلامها مجددًا.",
  "sms.started": "ستصلكم رسائل {org} مجددًا. أرسلوا STOP لإلغاء الاشتراك.",
  "unsubscribe.title": "هل تريدون إيقاف رسائل الاستبيانات من {org}؟",
  "unsubscribe.body": "لن تصلكم رسائل الاستبيانات من {org} على هذا العنوان بعد الآن.",
  "unsubscribe.action": "إلغاء الاشتراك",
  "unsubscribe.done.title": "تم إلغاء اشتراككم",
  "unsubscribe.done.body": "لن ترسل {org} رسائل استبيانات إلى هذا العنوان مرة أخرى.",
  "unsubscribe.invalid.title": "هذا الرابط لا يعمل",
  "unsubscribe.invalid.body": "ربما يكون الرابط ناقصًا. يُرجى فتحه مرة أخرى من الرسالة التي وصلتكم.",
} satisfies MessagesCatalogue;
