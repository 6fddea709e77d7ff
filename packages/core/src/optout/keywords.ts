// SMS keywords families may text back, in the supported languages. Carriers (CTIA in the US) require
// STOP and HELP to work, and in practice families answer in their own language: "PARAR", "ARRÊT",
// "停止". A message counts as a keyword when its first word (or all of it) is one, ignoring case,
// accents and punctuation, so "Stop!" and "stop please" both opt out.

export type Keyword = "stop" | "start" | "help";

const WORDS: Record<Keyword, { word: string; locale: string }[]> = {
  stop: [
    ...["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT-OUT", "REVOKE", "REMOVE"].map((word) => ({ word, locale: "en" })),
    ...["PARAR", "PARE", "ALTO", "DETENER", "CANCELAR", "BAJA"].map((word) => ({ word, locale: "es" })),
    ...["ARRET", "ARRETER", "DESABONNER"].map((word) => ({ word, locale: "fr" })),
    ...["SAIR", "CANCELE"].map((word) => ({ word, locale: "pt" })),
    ...["SISPANN", "RETIRE", "KANPE"].map((word) => ({ word, locale: "ht" })),
    ...["DUNG", "HUY"].map((word) => ({ word, locale: "vi" })),
    ...["JOOJI", "KA BAX"].map((word) => ({ word, locale: "so" })),
    ...["TIGIL", "HINTO", "ITIGIL"].map((word) => ({ word, locale: "tl" })),
    { word: "СТОП", locale: "ru" },
    { word: "ОТПИСАТЬСЯ", locale: "ru" },
    { word: "ВІДПИСАТИСЯ", locale: "uk" },
    { word: "توقف", locale: "ar" },
    { word: "إلغاء", locale: "ar" },
    { word: "الغاء", locale: "ar" },
    { word: "لغو", locale: "fa" },
    { word: "停止", locale: "zh-Hans" },
    { word: "退订", locale: "zh-Hans" },
    { word: "退訂", locale: "zh-Hant" },
    { word: "取消訂閱", locale: "zh-Hant" },
    { word: "중지", locale: "ko" },
    { word: "수신거부", locale: "ko" },
  ],
  start: [
    ...["START", "UNSTOP", "SUBSCRIBE", "RESUME"].map((word) => ({ word, locale: "en" })),
    ...["INICIAR", "COMENZAR", "ALTA"].map((word) => ({ word, locale: "es" })),
    ...["DEMARRER", "REPRENDRE"].map((word) => ({ word, locale: "fr" })),
    { word: "VOLTAR", locale: "pt" },
    { word: "KOMANSE", locale: "ht" },
    { word: "BAT DAU", locale: "vi" },
    { word: "BILOW", locale: "so" },
    { word: "SIMULA", locale: "tl" },
    { word: "СТАРТ", locale: "ru" },
    { word: "ПОЧАТИ", locale: "uk" },
    { word: "ابدأ", locale: "ar" },
    { word: "شروع", locale: "fa" },
    { word: "开始", locale: "zh-Hans" },
    { word: "開始", locale: "zh-Hant" },
    { word: "시작", locale: "ko" },
  ],
  help: [
    ...["HELP", "INFO"].map((word) => ({ word, locale: "en" })),
    { word: "AYUDA", locale: "es" },
    { word: "AIDE", locale: "fr" },
    { word: "AJUDA", locale: "pt" },
    { word: "EDE", locale: "ht" },
    { word: "GIUP", locale: "vi" },
    { word: "CAAWI", locale: "so" },
    { word: "TULONG", locale: "tl" },
    { word: "ПОМОЩЬ", locale: "ru" },
    { word: "ДОПОМОГА", locale: "uk" },
    { word: "مساعدة", locale: "ar" },
    { word: "كمك", locale: "fa" },
    { word: "کمک", locale: "fa" },
    { word: "帮助", locale: "zh-Hans" },
    { word: "幫助", locale: "zh-Hant" },
    { word: "도움", locale: "ko" },
    { word: "도움말", locale: "ko" },
  ],
};

/** Upper case, Latin accents removed (ARRÊT → ARRET, DỪNG → DUNG), other scripts kept as they are. */
function fold(s: string) {
  return s
    .normalize("NFKD")
    .replace(/(\p{Script=Latin})\p{M}+/gu, "$1")
    .normalize("NFC")
    .replace(/đ/gi, "d")
    .toUpperCase();
}

const clean = (s: string) => fold(s).replace(/[\p{P}\p{S}]+/gu, " ").replace(/\s+/g, " ").trim();

const index = new Map<string, { keyword: Keyword; locale: string }>();
for (const [keyword, list] of Object.entries(WORDS) as [Keyword, { word: string; locale: string }[]][])
  for (const { word, locale } of list) index.set(clean(word), { keyword, locale });

/** The keyword a message is, and the language it was written in; undefined for anything else. */
export function match(text: string): { keyword: Keyword; locale: string } | undefined {
  const cleaned = clean(text);
  if (!cleaned) return undefined;
  const words = cleaned.split(" ");
  return index.get(cleaned) ?? index.get(words.slice(0, 2).join(" ")) ?? index.get(words[0]!);
}
