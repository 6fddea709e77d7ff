// Interface strings: one catalogue per locale and area (the form, messages to families, partner
// emails), ICU MessageFormat with each locale's own plural rules. Areas are separate modules so a
// Lambda only bundles the strings it shows.
//
// A catalogue's messages are ICU source text, parsed here on first use, or already compiled by
// `npm run i18n` (the form's, read from JSON: see i18n/form/index.ts): a message with ICU syntax is
// then its parsed AST and is only formatted, never parsed, so a function whose catalogues are all
// compiled can be bundled without the ICU parser (infra/bundling.ts).
export * as I18n from "./index";

import type { MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { Locale } from "../locale";

/** ICU source text, or a compiled message: the AST `parse` gives for it (plain text stays a string). */
export type Message = string | readonly MessageFormatElement[];
export type Catalogue = { readonly [key: string]: Message };

/**
 * Each supported language's name in itself, for language switchers without loading every catalogue.
 * The catalogue tests check that each catalogue's `language.name` says the same.
 */
export const autonyms: Readonly<Record<string, string>> = {
  en: "English",
  es: "Español",
  vi: "Tiếng Việt",
  ar: "العربية",
  ht: "Kreyòl ayisyen",
  so: "Soomaali",
  "zh-Hans": "简体中文",
  "zh-Hant": "繁體中文",
  ko: "한국어",
  ru: "Русский",
  pt: "Português",
  fr: "Français",
  tl: "Tagalog",
  uk: "Українська",
  fa: "فارسی",
};

/**
 * The supported locale closest to a tag: exact, then by script or region conventions
 * ("zh-CN" → zh-Hans, "zh-TW" → zh-Hant, "fil" → tl), then by language ("es-MX" → es).
 */
export function closest(tag: string | undefined, available: readonly string[] = Locale.supported): string | undefined {
  if (!tag) return undefined;
  const t = tag.trim().replace(/_/g, "-");
  const exact = available.find((a) => a.toLowerCase() === t.toLowerCase());
  if (exact) return exact;
  const [lang = "", ...rest] = t.toLowerCase().split("-");
  const sub = rest.join("-");
  const aliases: Record<string, string> = { fil: "tl", pes: "fa", prs: "fa", ua: "uk", iw: "he", in: "id" };
  const base = aliases[lang] ?? lang;
  if (base === "zh") {
    const traditional = /hant|tw|hk|mo/.test(sub);
    const want = traditional ? "zh-Hant" : "zh-Hans";
    return available.find((a) => a === want) ?? available.find((a) => a.startsWith("zh"));
  }
  return available.find((a) => a.toLowerCase() === base) ?? available.find((a) => a.toLowerCase().split("-")[0] === base);
}

/** The best supported locale for an Accept-Language header, honouring q-values. */
export function fromAcceptLanguage(header: string | undefined, available: readonly string[] = Locale.supported) {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .slice(0, 20)
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? 1);
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.tag !== "*" && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const found = closest(tag, available);
    if (found) return found;
  }
  return undefined;
}

/** Formatters of source messages, by locale and text. */
const parsed = new Map<string, IntlMessageFormat>();
/** Formatters of compiled messages, by AST (each compiled catalogue is read once per process) and locale. */
const compiled = new WeakMap<readonly MessageFormatElement[], Map<string, IntlMessageFormat>>();

function formatter(message: Message, locale: string) {
  if (typeof message === "string") {
    const id = `${locale}\u0000${message}`;
    let format = parsed.get(id);
    if (!format) {
      format = new IntlMessageFormat(message, locale);
      parsed.set(id, format);
    }
    return format;
  }
  let byLocale = compiled.get(message);
  if (!byLocale) compiled.set(message, (byLocale = new Map()));
  let format = byLocale.get(locale);
  if (!format) {
    // intl-messageformat's types want a mutable array; it only reads the AST.
    format = new IntlMessageFormat(message as MessageFormatElement[], locale);
    byLocale.set(locale, format);
  }
  return format;
}

/**
 * A translator for one locale over a catalogue set: every locale's catalogue, or a function that
 * loads one locale's on demand. Falls back to English for a key a catalogue lacks (the type checker
 * prevents that for shipped catalogues) and never returns an empty string.
 *
 * Text without `{` has nothing to fill in and is returned as it is. A compiled catalogue holds text
 * only for messages without ICU syntax (never a `{`), so none of its messages reaches the parser.
 */
export function translator<C extends Catalogue>(catalogues: Record<string, C> | ((locale: string) => C | undefined), locale: string) {
  const load = typeof catalogues === "function" ? catalogues : (tag: string) => catalogues[tag];
  const catalogue = load(locale) ?? load("en")!;
  return (key: keyof C & string, values?: Record<string, string | number>) => {
    const message: Message = catalogue[key] ?? load("en")?.[key] ?? key;
    if (typeof message === "string" && !message.includes("{")) return message;
    return String(formatter(message, locale).format(values));
  };
}
