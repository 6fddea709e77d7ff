// Messages to families, in Persian.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: مایلیم نظر شما را بدانیم",
  "email.invitation.intro": "{org} از شما دعوت می‌کند به یک نظرسنجی کوتاه پاسخ دهید. فقط چند دقیقه طول می‌کشد.",
  "email.reminder.subject": "یادآوری: {title}",
  "email.reminder.intro": "{org} همچنان مایل است نظر شما را بداند. اگر قبلاً پاسخ داده‌اید، سپاسگزاریم و لطفاً این پیام را نادیده بگیرید.",
  "email.action": "پاسخ به نظرسنجی",
  "email.link_help": "اگر دکمه کار نمی‌کند، این پیوند را در مرورگر خود کپی کنید:",
  "email.closes": "نظرسنجی در {date} بسته می‌شود.",
  "email.anonymous": "پاسخ‌های شما ناشناس است.",
  "email.confidential": "پاسخ‌های شما محرمانه است.",
  "email.footer": "این ایمیل را دریافت می‌کنید چون {org} اطلاعات تماس شما را دارد.",
  "email.unsubscribe": "لغو اشتراک ایمیل‌های نظرسنجی",
  "sms.invitation": "{org}: لطفاً به نظرسنجی کوتاه ما «{title}» پاسخ دهید: {link}",
  "sms.reminder": "یادآوری از {org}: لطفاً به «{title}» پاسخ دهید: {link}",
  "sms.opt_out": "برای لغو اشتراک، STOP را ارسال کنید.",
  "sms.help": "نظرسنجی‌های خانواده از {org}. ممکن است هزینه پیامک و داده اعمال شود. برای لغو اشتراک، STOP را ارسال کنید.",
  "sms.stopped": "دیگر پیامکی از {org} دریافت نمی‌کنید. برای دریافت دوباره، START را ارسال کنید.",
  "sms.started": "دوباره پیامک‌های {org} را دریافت می‌کنید. برای لغو اشتراک، STOP را ارسال کنید.",
  "unsubscribe.title": "ایمیل‌های نظرسنجی {org} دیگر ارسال نشود؟",
  "unsubscribe.body": "دیگر ایمیل نظرسنجی از {org} به این نشانی دریافت نمی‌کنید.",
  "unsubscribe.action": "لغو اشتراک",
  "unsubscribe.done.title": "اشتراک شما لغو شد",
  "unsubscribe.done.body": "{org} دیگر ایمیل نظرسنجی به این نشانی نمی‌فرستد.",
  "unsubscribe.invalid.title": "این پیوند کار نمی‌کند",
  "unsubscribe.invalid.body": "ممکن است پیوند ناقص باشد. لطفاً آن را دوباره از ایمیلی که دریافت کرده‌اید باز کنید.",
} satisfies MessagesCatalogue;
