// The partner unsubscribe page's text (the link in every summary email), all 15 locales. Kept apart
// from the email's catalogues because the page is served by the family form's function, whose bundle
// must stay small: these few strings are all it needs of the summaries.
const en = {
  "unsubscribe.title": "Stop survey summaries",
  "unsubscribe.confirm": "Stop sending survey summaries from {org} to {email}?",
  "unsubscribe.button": "Stop sending",
  "unsubscribe.done": "Done. {email} will not receive survey summaries from {org} any more.",
  "unsubscribe.invalid": "This link is no longer valid.",
} as const;

/** Every locale has exactly the English keys. */
export type UnsubscribeCatalogue = { readonly [K in keyof typeof en]: string };
export type UnsubscribeKey = keyof UnsubscribeCatalogue & string;

export const unsubscribe: Record<string, UnsubscribeCatalogue> = {
  en,
  "es": {
    "unsubscribe.title": "Dejar de recibir resúmenes de encuestas",
    "unsubscribe.confirm": "¿Dejar de enviar resúmenes de encuestas de {org} a {email}?",
    "unsubscribe.button": "Dejar de enviar",
    "unsubscribe.done": "Listo. {email} ya no recibirá resúmenes de encuestas de {org}.",
    "unsubscribe.invalid": "Este enlace ya no es válido.",
  },
  "vi": {
    "unsubscribe.title": "Ngừng nhận bản tóm tắt khảo sát",
    "unsubscribe.confirm": "Ngừng gửi bản tóm tắt khảo sát của {org} đến {email}?",
    "unsubscribe.button": "Ngừng gửi",
    "unsubscribe.done": "Xong. {email} sẽ không nhận bản tóm tắt khảo sát của {org} nữa.",
    "unsubscribe.invalid": "Đường dẫn này không còn hiệu lực.",
  },
  "ar": {
    "unsubscribe.title": "إيقاف خلاصات الاستبيانات",
    "unsubscribe.confirm": "هل تريد إيقاف إرسال خلاصات الاستبيانات من {org} إلى {email}؟",
    "unsubscribe.button": "إيقاف الإرسال",
    "unsubscribe.done": "تم. لن يتلقى {email} خلاصات الاستبيانات من {org} بعد الآن.",
    "unsubscribe.invalid": "هذا الرابط لم يعد صالحًا.",
  },
  "ht": {
    "unsubscribe.title": "Sispann rezime sondaj yo",
    "unsubscribe.confirm": "Sispann voye rezime sondaj {org} bay {email}?",
    "unsubscribe.button": "Sispann voye",
    "unsubscribe.done": "Fini. {email} p ap resevwa rezime sondaj {org} ankò.",
    "unsubscribe.invalid": "Lyen sa a pa valab ankò.",
  },
  "so": {
    "unsubscribe.title": "Jooji soo koobidaha sahanka",
    "unsubscribe.confirm": "Ma joojinaysaa dirista soo koobidaha sahanka ee {org} ee loo diro {email}?",
    "unsubscribe.button": "Jooji dirista",
    "unsubscribe.done": "Waa la sameeyay. {email} mar dambe ma heli doono soo koobidaha sahanka ee {org}.",
    "unsubscribe.invalid": "Xiriiriyahan mar dambe ma shaqaynayo.",
  },
  "zh-Hans": {
    "unsubscribe.title": "停止接收调查摘要",
    "unsubscribe.confirm": "停止向{email}发送{org}的调查摘要吗？",
    "unsubscribe.button": "停止发送",
    "unsubscribe.done": "完成。{email}将不再收到{org}的调查摘要。",
    "unsubscribe.invalid": "此链接已失效。",
  },
  "zh-Hant": {
    "unsubscribe.title": "停止接收調查摘要",
    "unsubscribe.confirm": "停止向{email}傳送{org}的調查摘要嗎？",
    "unsubscribe.button": "停止傳送",
    "unsubscribe.done": "完成。{email}將不再收到{org}的調查摘要。",
    "unsubscribe.invalid": "此連結已失效。",
  },
  "ko": {
    "unsubscribe.title": "설문 요약 수신 중지",
    "unsubscribe.confirm": "{org}의 설문 요약을 {email}(으)로 그만 보낼까요?",
    "unsubscribe.button": "보내기 중지",
    "unsubscribe.done": "완료되었습니다. {email}(으)로 더 이상 {org}의 설문 요약이 발송되지 않습니다.",
    "unsubscribe.invalid": "이 링크는 더 이상 유효하지 않습니다.",
  },
  "ru": {
    "unsubscribe.title": "Отказ от сводок опросов",
    "unsubscribe.confirm": "Прекратить отправку сводок опросов от {org} на адрес {email}?",
    "unsubscribe.button": "Прекратить отправку",
    "unsubscribe.done": "Готово. Сводки опросов от {org} больше не будут приходить на {email}.",
    "unsubscribe.invalid": "Эта ссылка больше не действует.",
  },
  "pt": {
    "unsubscribe.title": "Parar resumos de pesquisas",
    "unsubscribe.confirm": "Parar de enviar resumos de pesquisas de {org} para {email}?",
    "unsubscribe.button": "Parar envio",
    "unsubscribe.done": "Pronto. {email} não receberá mais resumos de pesquisas de {org}.",
    "unsubscribe.invalid": "Este link não é mais válido.",
  },
  "fr": {
    "unsubscribe.title": "Arrêter les résumés d’enquête",
    "unsubscribe.confirm": "Arrêter l’envoi des résumés d’enquête de {org} à {email} ?",
    "unsubscribe.button": "Arrêter l’envoi",
    "unsubscribe.done": "C’est fait. {email} ne recevra plus les résumés d’enquête de {org}.",
    "unsubscribe.invalid": "Ce lien n’est plus valide.",
  },
  "tl": {
    "unsubscribe.title": "Itigil ang mga buod ng survey",
    "unsubscribe.confirm": "Itigil ang pagpapadala ng mga buod ng survey ng {org} sa {email}?",
    "unsubscribe.button": "Itigil ang pagpapadala",
    "unsubscribe.done": "Tapos na. Hindi na makakatanggap ang {email} ng mga buod ng survey mula sa {org}.",
    "unsubscribe.invalid": "Hindi na wasto ang link na ito.",
  },
  "uk": {
    "unsubscribe.title": "Відмова від підсумків опитувань",
    "unsubscribe.confirm": "Припинити надсилати підсумки опитувань від {org} на адресу {email}?",
    "unsubscribe.button": "Припинити надсилання",
    "unsubscribe.done": "Готово. Підсумки опитувань від {org} більше не надходитимуть на {email}.",
    "unsubscribe.invalid": "Це посилання більше не дійсне.",
  },
  "fa": {
    "unsubscribe.title": "توقف خلاصه‌های نظرسنجی",
    "unsubscribe.confirm": "ارسال خلاصه‌های نظرسنجی {org} به {email} متوقف شود؟",
    "unsubscribe.button": "توقف ارسال",
    "unsubscribe.done": "انجام شد. {email} دیگر خلاصه‌های نظرسنجی {org} را دریافت نمی‌کند.",
    "unsubscribe.invalid": "این پیوند دیگر معتبر نیست.",
  },
};
