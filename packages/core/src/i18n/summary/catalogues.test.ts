// The partner summary catalogues: every locale has exactly the English keys (in the same order), every
// message parses and formats, uses the same arguments as English, and every plural uses only the
// locale's own CLDR categories (and always `other`, with `#`). Same rules as the form's catalogues.
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { analyse, autonyms, script } from "../catalogue-rules";
import ar from "./ar";
import en from "./en";
import es from "./es";
import fa from "./fa";
import fr from "./fr";
import ht from "./ht";
import ko from "./ko";
import pt from "./pt";
import ru from "./ru";
import so from "./so";
import tl from "./tl";
import uk from "./uk";
import vi from "./vi";
import zhHans from "./zh-Hans";
import zhHant from "./zh-Hant";
import type { SummaryCatalogue } from "./types";
import { unsubscribe } from "./unsubscribe";

const catalogues: Record<string, SummaryCatalogue> = {
  en, es, vi, ar, ht, so, "zh-Hans": zhHans, "zh-Hant": zhHant, ko, ru, pt, fr, tl, uk, fa,
};

const pluralArguments = new Set(["count", "invited"]);
const counts = [0, 1, 2, 3, 5, 11, 21, 100, 102, 200, 1_000_000, 1.5];
const fixed: Record<string, string | number> = {
  survey: "Family Partnership Survey",
  period: "week of 23 November 2026",
  date: "23 November 2026",
  partner: "Northside Youth Arts",
  org: "Riverside Unified",
  rate: "42",
  k: 10,
  mean: "7.3",
  median: "8",
  end: "31 July 2027",
  email: "programs@example.org",
};

/** The same rules for both areas: the email's catalogues and the unsubscribe page's. */
const areas: [string, Record<string, Record<string, string>>][] = [
  ["summary catalogue", catalogues as Record<string, Record<string, string>>],
  ["summary unsubscribe catalogue", unsubscribe as Record<string, Record<string, string>>],
];

describe.each(areas.flatMap(([area, all]) => Object.keys(all).map((locale) => [area, locale, all] as const)))("%s %s", (area, locale, all) => {
  const catalogue = all[locale]!;
  const english = all.en!;
  const keys = Object.keys(english);

  it("has exactly the English keys, in the same order", () => {
    expect(Object.keys(catalogue)).toEqual(keys);
  });

  if (area === "summary catalogue") {
    it("names the language by its autonym", () => {
      expect(catalogue["language.name"]).toBe(autonyms[locale]);
    });
  }

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
      // "CSV" names the attached file's format and stays as it is in every script.
      expect(text.replace(/\bCSV\b/g, ""), "no Latin letters left over").not.toMatch(/[A-Za-z]/);
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

describe("summary catalogue examples", () => {
  const say = (locale: string, key: keyof SummaryCatalogue & string, values: Record<string, string | number>) =>
    String(new IntlMessageFormat(catalogues[locale]![key], locale).format({ k: 10, rate: "40", ...values }));

  it("agrees numbers with nouns in each language's own way", () => {
    expect(say("en", "headline.respondents", { count: 1 })).toBe("1 family answered");
    expect(say("en", "headline.respondents", { count: 72 })).toBe("72 families answered");
    expect(say("es", "headline.rate", { invited: 180 })).toBe("Es decir, el 40 % de las 180 familias invitadas.");
    expect(say("ru", "table.n", { count: 2 })).toBe("2 семьи");
    expect(say("ru", "table.n", { count: 5 })).toBe("5 семей");
    expect(say("ru", "table.n", { count: 21 })).toBe("21 семья");
    expect(say("uk", "headline.respondents", { count: 11 })).toBe("Відповіли 11 родин");
    expect(say("ar", "table.n", { count: 2 })).toBe("أسرتان");
    expect(say("ar", "table.n", { count: 3 })).toBe("3 أسر");
    expect(say("ar", "table.n", { count: 11 })).toBe("11 أسرة");
    expect(say("zh-Hans", "headline.respondents", { count: 72 })).toBe("已有72个家庭回答");
    expect(say("fr", "withheld.cells", { count: 2 })).toBe("2 chiffres sont masqués, car ils concernent moins de 10 familles ou permettraient de retrouver un chiffre de ce type.");
  });
});
