// Locales: the languages families can answer in. Survey content is authored per locale; interface
// strings live in catalogues (the form issue). Tags are BCP 47 as browsers send them ("zh-Hans").
export * as Locale from "./index";

import * as z from "zod/mini";

/** The locales whose interface catalogues are complete. Survey content may use any valid tag. */
export const supported = [
  "en", "es", "vi", "ar", "ht", "so", "zh-Hans", "zh-Hant", "ko", "ru", "pt", "fr", "tl", "uk", "fa",
] as const;
export type Supported = (typeof supported)[number];

export const rtl: ReadonlySet<string> = new Set(["ar", "fa", "he", "ur", "ps", "ckb", "yi"]);

export const Tag = z.string().check(z.regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-\d{3})?$/, "Use a language tag such as en, es or zh-Hans."));
export type Tag = z.infer<typeof Tag>;

export const isRtl = (tag: string) => rtl.has(tag.split("-")[0]!);

/**
 * Text in several languages, keyed by locale tag. Each value is untrusted text: it is escaped on output.
 * The survey's default language must be present (checked where the default is known).
 */
export const Text = z.record(Tag, z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)));
export type Text = z.infer<typeof Text>;

/** Picks the text for `lang`, falling back to `fallback`. Reports which language was used (for `lang=`). */
export function pick(text: Text, lang: string, fallback: string): { text: string; lang: string } {
  const own = text[lang];
  if (own !== undefined) return { text: own, lang };
  return { text: text[fallback] ?? Object.values(text)[0] ?? "", lang: fallback };
}
