// The family form's catalogues: every locale has exactly the English keys (in the same order), every
// message parses and formats, uses the same arguments as English, and every plural uses only the
// locale's own CLDR categories (and always `other`, with `#`).
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { analyse, autonyms, script } from "../catalogue-rules";
import en from "./en";
import { sources as catalogues } from "./sources";
import type { FormCatalogue } from "./types";

const pluralArguments = new Set(["count", "limit"]);
const counts = [0, 1, 2, 3, 5, 11, 21, 100, 102, 200, 1_000_000, 1.5];
const fixed: Record<string, string | number> = {
  current: 2,
  total: 5,
  min: 1,
  max: 10,
  low: "1",
  high: "5",
  language: "English",
};

const keys = Object.keys(en);

describe.each(Object.keys(catalogues))("form catalogue %s", (locale) => {
  const catalogue = catalogues[locale]! as Record<string, string>;
  const english = en as Record<string, string>;

  it("has exactly the English keys, in the same order", () => {
    expect(Object.keys(catalogue)).toEqual(keys);
  });

  it("names the language by its autonym", () => {
    expect(catalogue["language.name"]).toBe(autonyms[locale]);
  });

  it.each(keys)("%s parses, uses the English arguments and the locale's plural categories", (key) => {
    const message = catalogue[key]!;
    expect(message.trim()).not.toBe("");
    expect(message).toBe(message.trim());
    expect(message).not.toMatch(/ {2}/);
    expect(message, "no HTML").not.toMatch(/[<>]/);

    const own = analyse(message);
    const reference = analyse(english[key]!);
    expect(own.tags).toBe(0);
    expect([...own.args].sort()).toEqual([...reference.args].sort());

    expect(own.plurals.map((p) => p.argument).sort()).toEqual(reference.plurals.map((p) => p.argument).sort());
    for (const plural of own.plurals) {
      const rules = new Intl.PluralRules(locale, { type: plural.ordinal ? "ordinal" : "cardinal" });
      const allowed = new Set<string>(rules.resolvedOptions().pluralCategories);
      for (const selector of plural.selectors) {
        const ok = allowed.has(selector) || /^=\d+$/.test(selector);
        expect(ok, `${locale} ${key}: plural category "${selector}" (allowed: ${[...allowed].join(", ")})`).toBe(true);
      }
      expect(plural.selectors).toContain("other");
      expect(plural.otherHasPound, `${locale} ${key}: "other" shows the number with #`).toBe(true);
    }
  });

  it.each(keys)("%s formats with sample values", (key) => {
    const format = new IntlMessageFormat(catalogue[key]!, locale);
    for (const n of counts) {
      const values: Record<string, string | number> = { ...fixed };
      for (const name of pluralArguments) values[name] = n;
      const out = format.format(values);
      expect(typeof out).toBe("string");
      expect(String(out).trim()).not.toBe("");
      expect(String(out)).not.toMatch(/[{}#]/);
    }
  });

  if (script[locale]) {
    const own = script[locale]!;
    it.each(keys)("%s is translated into the locale's own script", (key) => {
      const message = catalogue[key]!;
      const text = analyse(message).text;
      expect(text, "no Latin letters left over").not.toMatch(/[A-Za-z]/);
      // "{low} to {high}": placeholders joined by a little word may stay as they are.
      const placeholdersOnly = !/\p{L}/u.test(analyse(english[key]!).text.replace(/\b(to|of|and)\b/g, ""));
      if (!placeholdersOnly) expect(message).not.toBe(english[key]);
      if (/\p{L}/u.test(text)) expect(text).toMatch(own);
    });
  }

  if (locale === "ar" || locale === "fa") {
    it("uses Arabic-script punctuation", () => {
      for (const key of keys) expect(analyse(catalogue[key]!).text, key).not.toMatch(/[?,;]/);
    });
  }

  if (locale === "zh-Hans" || locale === "zh-Hant") {
    it("uses full-width punctuation", () => {
      for (const key of keys) expect(analyse(catalogue[key]!).text, key).not.toMatch(/[,.!?:;()]/);
    });
  }

  if (locale === "fr") {
    it("uses French typography: a no-break space before ! ? ; : and a typographic apostrophe", () => {
      for (const key of keys) {
        const text = analyse(catalogue[key]!).text;
        expect(text, key).not.toMatch(/[^\u00a0\u202f][!?;:]/);
        expect(text, key).not.toContain("'");
      }
    });
  }
});

describe("form catalogue examples", () => {
  const say = (locale: string, key: keyof FormCatalogue & string, values: Record<string, number>) =>
    String(new IntlMessageFormat(catalogues[locale]![key], locale).format(values));

  it("agrees numbers with nouns in each language's own way", () => {
    expect(say("en", "errors.summary", { count: 1 })).toBe("There is 1 problem on this page.");
    expect(say("ru", "errors.summary", { count: 2 })).toBe("На этой странице 2 ошибки.");
    expect(say("ru", "errors.summary", { count: 5 })).toBe("На этой странице 5 ошибок.");
    expect(say("uk", "hint.max_length", { limit: 200 })).toBe("До 200 символів.");
    expect(say("ar", "error.response.too_many_choices", { limit: 2 })).toBe("يُرجى ألّا تختار أكثر من خيارين.");
    expect(say("es", "hint.max_length", { limit: 1 })).toBe("Hasta 1 carácter.");
    expect(say("zh-Hans", "hint.max_length", { limit: 200 })).toBe("最多200个字。");
  });
});
