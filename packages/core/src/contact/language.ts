// Languages as school systems write them: codes ("es", "es-MX", "spa"), English names ("Spanish",
// "Chinese (Traditional)"), autonyms ("español", "Tiếng Việt", "中文") and a few SIS habits
// ("Creole", "Farsi", "Mandarin"). Each becomes one of the supported locales, or nothing: an unknown
// language is reported for the coordinator to decide, never guessed (DESIGN §4a).
import { I18n } from "../i18n";
import { Locale } from "../locale";

/**
 * Names and three-letter codes, keyed after `fold` (lower case, no accents, single spaces). A Map, not
 * an object: a file's "constructor" or "toString" must find nothing, not Object.prototype's.
 */
const NAMES = new Map<string, Locale.Supported>(Object.entries({
  // English
  english: "en", eng: "en", anglais: "en", ingles: "en",
  // Spanish
  spanish: "es", espanol: "es", castellano: "es", castilian: "es", "spanish; castilian": "es", spa: "es",
  // Vietnamese
  vietnamese: "vi", "tieng viet": "vi", vie: "vi",
  // Arabic
  arabic: "ar", "العربية": "ar", "عربي": "ar", ara: "ar",
  // Haitian Creole
  "haitian creole": "ht", haitian: "ht", creole: "ht", "creole haitian": "ht", "kreyol ayisyen": "ht", kreyol: "ht", "kreyol (haitian)": "ht", hat: "ht",
  // Somali
  somali: "so", soomaali: "so", "af-soomaali": "so", som: "so",
  // Chinese: simplified is what mainland families read, and what "Chinese"/"Mandarin" usually mean in
  // US district data; Cantonese-speaking families (Hong Kong) mostly read traditional characters.
  chinese: "zh-Hans", mandarin: "zh-Hans", "chinese simplified": "zh-Hans", "simplified chinese": "zh-Hans", "chinese (simplified)": "zh-Hans", "chinese, simplified": "zh-Hans",
  "中文": "zh-Hans", "简体中文": "zh-Hans", "简体": "zh-Hans", "普通话": "zh-Hans", "汉语": "zh-Hans", zho: "zh-Hans", chi: "zh-Hans", cmn: "zh-Hans",
  cantonese: "zh-Hant", "chinese traditional": "zh-Hant", "traditional chinese": "zh-Hant", "chinese (traditional)": "zh-Hant", "chinese, traditional": "zh-Hant",
  "繁體中文": "zh-Hant", "繁体中文": "zh-Hant", "繁體": "zh-Hant", "廣東話": "zh-Hant", "粵語": "zh-Hant", yue: "zh-Hant",
  // Korean
  korean: "ko", "한국어": "ko", "조선말": "ko", kor: "ko",
  // Russian
  russian: "ru", "русский": "ru", rus: "ru",
  // Portuguese
  portuguese: "pt", portugues: "pt", "portuguese (brazil)": "pt", "brazilian portuguese": "pt", por: "pt",
  // French
  french: "fr", francais: "fr", fra: "fr", fre: "fr",
  // Tagalog / Filipino
  tagalog: "tl", filipino: "tl", pilipino: "tl", tgl: "tl", fil: "tl",
  // Ukrainian
  ukrainian: "uk", "українська": "uk", ukr: "uk",
  // Persian: Farsi and Dari are written in the same script and read by the same families.
  persian: "fa", farsi: "fa", dari: "fa", "فارسی": "fa", "فارسي": "fa", "دری": "fa", fas: "fa", per: "fa", prs: "fa", pes: "fa",
} satisfies Record<string, Locale.Supported>));

/** Lower case, accents removed (but not from non-Latin scripts' own letters), spaces collapsed. */
function fold(value: string) {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[_\s]+/g, " ")
    .trim();
}

export type Normalised = { locale: Locale.Supported; changed: boolean };

/**
 * The supported locale a value names, or undefined. `changed` is false only when the value already
 * was the locale's own tag, so the import report can say which values it rewrote.
 */
export function normaliseLanguage(raw: string): Normalised | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  if ((Locale.supported as readonly string[]).includes(value)) return { locale: value as Locale.Supported, changed: false };
  // Accents are folded away for Latin names ("Español"), but not for other scripts, whose letters
  // decompose too ("Українська"), so both forms are looked up.
  const lower = value.normalize("NFC").toLowerCase().replace(/[_\s]+/g, " ");
  const folded = fold(value);
  const named = NAMES.get(lower) ?? NAMES.get(folded) ?? NAMES.get(folded.replace(/[.\-–]+/g, " ").replace(/\s+/g, " ").trim());
  if (named) return { locale: named, changed: true };
  // A BCP 47 tag ("es-MX", "zh_TW", "PT-br"): only when it is shaped like one, so "Karen" is never
  // read as the tag "ka".
  if (/^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/i.test(value)) {
    const tag = I18n.closest(value);
    if (tag) return { locale: tag as Locale.Supported, changed: true };
  }
  // "Spanish (Mexico)", "Chinese - Simplified", "French/Creole": the first part that is a known name.
  for (const part of folded.split(/\s*[(/,;|]\s*|\s+-\s+|\)/)) {
    const hit = NAMES.get(part.trim());
    if (hit) return { locale: hit, changed: true };
  }
  return undefined;
}
