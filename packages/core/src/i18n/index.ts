// Interface strings: one catalogue per locale and area (the form, messages to families, partner
// emails), ICU MessageFormat with each locale's own plural rules. Areas are separate modules so a
// Lambda only bundles the strings it shows.
export * as I18n from "./index";

import { IntlMessageFormat } from "intl-messageformat";
import { Locale } from "../locale";

export type Catalogue = { readonly [key: string]: string };

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

const cache = new Map<string, IntlMessageFormat>();

/**
 * A translator for one locale over a catalogue set. Falls back to English for a key a catalogue
 * lacks (the type checker prevents that for shipped catalogues) and never returns an empty string.
 */
export function translator<C extends Catalogue>(catalogues: Record<string, C>, locale: string) {
  const catalogue = catalogues[locale] ?? catalogues.en!;
  return (key: keyof C & string, values?: Record<string, string | number>) => {
    const message = catalogue[key] ?? catalogues.en![key] ?? key;
    if (!values && !message.includes("{")) return message;
    const id = `${locale}\u0000${message}`;
    let format = cache.get(id);
    if (!format) {
      format = new IntlMessageFormat(message, locale);
      cache.set(id, format);
    }
    return String(format.format(values));
  };
}
