// Scrubbing free-text comments before a partner sees them (DESIGN §3 rule 6): email addresses, phone
// numbers, links, street addresses and any name from the organisation's contact list are replaced by
// "[…]". Families write in many languages and scripts, so every pattern is Unicode-aware: digits of any
// script (Arabic-Indic, Persian, full-width), street words of the supported languages, and CJK and
// Korean addresses, which are written without spaces.
//
// Scrubbing errs towards removing too much: a comment that loses a harmless word is still useful, one
// that keeps a family's address is a breach. It is one safeguard among several: comments are shared only
// for questions the coordinator opted in, and only when at least k families answered.
export const PLACEHOLDER = "[…]";

export type Kind = "email" | "phone" | "url" | "address" | "name";

const D = "\\p{Nd}";
const TLDS = "com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|ca|mx|fr|es|pt|br|de|it|vn|cn|tw|hk|kr|ru|ua|ir|ht|so|ph|app|me|ly|gl|tv|online|site";

// Order matters: links first (they can hold @ and digits), then emails, phones, addresses.
const patterns: [Kind, RegExp][] = [
  ["url", new RegExp(`(?:https?:\\/\\/|www\\.)[^\\s<>"'）)\\]]+`, "giu")],
  ["email", /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu],
  // A bare domain such as riverside-arts.org/programs (a known top-level domain, so "e.g." survives).
  ["url", new RegExp(`(?<![\\p{L}\\p{N}@.])[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.(?:${TLDS})\\b(?:\\/[^\\s]*)?`, "giu")],
  // Seven or more digits of any script, with the separators people type between them.
  ["phone", new RegExp(`(?:\\+|00)?\\(?${D}(?:[\\s().\\-‐–]{0,2}${D}){6,}`, "gu")],
  // "P.O. Box 12", "Apartado 34".
  ["address", new RegExp(`(?:P\\.?\\s?O\\.?\\s?Box|apartado(?:\\s+postal)?|caixa\\s+postal|bo[iî]te\\s+postale)\\s*#?\\s*${D}+`, "giu")],
  // Number first: "123 Main Street", "45 Oak Ave. Apt 4", "12 rue de la Paix", "123 đường Lê Lợi",
  // "١٢ شارع الجامعة".
  [
    "address",
    new RegExp(
      `${D}{1,6}[A-Za-z]?(?:\\s*(?:bis|ter))?,?\\s+(?:` +
        // English-style: up to four name words, then the street type.
        `(?:[\\p{L}'’.-]+\\s+){0,4}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|ter|highway|hwy|parkway|pkwy|circle|cir|square|sq)\\b\\.?(?:\\s+(?:apt|apartment|unit|suite|ste|#)\\.?\\s*[\\p{L}\\p{N}-]+)?` +
        `|` +
        // Street type first, then its name: French, Vietnamese, Arabic, Persian and others.
        `(?:rue|avenue|boulevard|bd|chemin|all[ée]e|impasse|route|quai|cours|đường|phố|ngõ|hẻm|شارع|طريق|خیابان|کوچه|calle|avenida|rua|ri|wout|kalye|wadada|jidka|улица|ул\\.|вулиця|вул\\.)\\s+(?:[\\p{L}'’.-]+\\s*){1,5}` +
        `)`,
      "giu",
    ),
  ],
  // Street type first, number last: "Calle Mayor 5", "Av. Reforma #222", "Rua Augusta, 100", "ул. Ленина,
  // д. 5", "вул. Шевченка 10", "Ri Kapwa 15", "Kalye Rizal 12", "Wadada Makka Al-Mukarama 7",
  // "شارع الملك فهد 12", "خیابان ولیعصر پلاک ۱۲".
  [
    "address",
    new RegExp(
      `(?<![\\p{L}])(?:calle|c\\/|avenida|av\\.|avda\\.?|carrera|cra\\.?|camino|paseo|plaza|rua|travessa|pra[çc]a|estrada|alameda|ri|wout|avni|lari|kalye|kalsada|daan|wadada|waddada|jidka|улица|ул\\.|проспект|просп\\.|переулок|пер\\.|вулиця|вул\\.|провулок|проспект|шоссе|шосе|شارع|طريق|خیابان|کوچه|بلوار|đường|phố|ngõ|hẻm)` +
        `(?:\\s+[\\p{L}'’.-]+){1,5}[\\s,]*(?:(?:n[º°o]\\.?|#|№|д\\.|дом|буд\\.|будинок|پلاک|رقم|số)\\s*)?${D}{1,6}[A-Za-z]?`,
      "giu",
    ),
  ],
  // Chinese: 中山路123号, 南京東路五段8號 (digits of any width, then 号/號).
  // The street's name is Han characters, but not the little words before an address ("我家在…", "住…").
  ["address", /[^\P{Script=Han}在住于於到是的往从從]{1,8}(?:路|街|大道|巷|弄|胡同)(?:[\p{Script=Han}]{0,3}段)?[\p{Nd}一二三四五六七八九十百]+(?:号|號)?(?:[\p{Nd}]+(?:室|楼|樓))?/gu],
  // Korean: 세종대로 110, 테헤란로 123번길 4.
  ["address", /[\p{Script=Hangul}\p{Nd}]+(?:로|길)\s*\p{Nd}+(?:번길)?(?:\s*\p{Nd}+(?:-\p{Nd}+)?)?/gu],
];

/** Lower case, no accents: "José" and "jose" are the same name. */
const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;
const UNCASED = /[\p{Script=Arabic}\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Ethiopic}]/u;
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * Builds a scrubber for one organisation, from its contacts' names. Names are matched:
 * - as a whole (two to four words in a row, any case, accents ignored: "maria garcia", "GARCÍA María");
 * - word by word when the word is written as a name (a capital letter in cased scripts; as is in scripts
 *   without case), for words of three letters or more, so that "Le", "La" or "Di" at the start of a
 *   sentence survive while "Ms. Garcia" does not;
 * - as a substring for names in scripts written without spaces (Chinese, Japanese, Thai).
 */
export function scrubber(names: Iterable<string> = []) {
  const wholes = new Set<string>();
  const parts = new Set<string>();
  const unspaced: string[] = [];
  for (const name of names) {
    const words = name.match(WORD) ?? [];
    if (words.length >= 2) {
      wholes.add(words.map(fold).join(" "));
      wholes.add([...words].reverse().map(fold).join(" "));
    }
    for (const w of words) if ([...w].length >= 3 || (UNCASED.test(w) && [...w].length >= 2)) parts.add(fold(w));
    if (NO_SPACES.test(name) && [...name.trim()].length >= 2) unspaced.push(name.trim());
  }

  return (input: string) => {
    const removed = new Set<Kind>();
    let text = input.normalize("NFC");
    for (const [kind, re] of patterns) {
      text = text.replace(re, () => {
        removed.add(kind);
        return PLACEHOLDER;
      });
    }
    for (const name of unspaced) {
      if (text.includes(name)) {
        text = text.split(name).join(PLACEHOLDER);
        removed.add("name");
      }
    }
    if (wholes.size || parts.size) {
      const words = [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
      const cut: [number, number][] = [];
      for (let i = 0; i < words.length; i++) {
        let matched = 0;
        for (let len = 4; len >= 2 && !matched; len--) {
          if (i + len > words.length) continue;
          if (wholes.has(words.slice(i, i + len).map((w) => fold(w.word)).join(" "))) matched = len;
        }
        if (matched) {
          cut.push([words[i]!.start, words[i + matched - 1]!.end]);
          i += matched - 1;
          continue;
        }
        const w = words[i]!.word;
        const written = UNCASED.test(w) || /^\p{Lu}/u.test(w);
        if (written && parts.has(fold(w))) cut.push([words[i]!.start, words[i]!.end]);
      }
      for (const [start, end] of cut.reverse()) {
        text = text.slice(0, start) + PLACEHOLDER + text.slice(end);
        removed.add("name");
      }
    }
    // Runs of placeholders ("[…] […]") become one, so the shape of what was removed says less.
    text = text.replace(/\[…\](?:[\s,.;:]*\[…\])+/gu, PLACEHOLDER);
    return { text, removed: [...removed] };
  };
}
