// The messages catalogues: every locale has exactly the English keys (in the same order), every
// message parses, formats and uses the same arguments as English, non-Latin locales are translated
// into their own script (only the keywords STOP and START stay as they are), punctuation follows each
// script's conventions, and every text tells families how to stop (and start) receiving them.
import { isArgumentElement, isLiteralElement, isPluralElement, isSelectElement, isTagElement, parse, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { script } from "../catalogue-rules";
import { Locale } from "../../locale";
import en from "./en";
import { messages } from "./index";

function analyse(message: string) {
  const out = { args: new Set<string>(), text: "", tags: 0 };
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (isLiteralElement(el)) out.text += el.value;
      else if (isArgumentElement(el)) {
        out.args.add(el.value);
        out.text += " ";
      } else if (isPluralElement(el) || isSelectElement(el)) {
        out.args.add(el.value);
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (isTagElement(el)) out.tags++;
    }
  };
  walk(parse(message));
  return out;
}

const keys = Object.keys(en);
const sample = { org: "Riverside Unified", title: "Family Survey", link: "https://example.org/s/AAAAAAAAAAAAAAAAAAAAAA", date: "June 1, 2026" };

it("covers every supported locale", () => {
  expect(Object.keys(messages).sort()).toEqual([...Locale.supported].sort());
});

describe.each(Object.keys(messages))("messages catalogue %s", (locale) => {
  const catalogue = messages[locale]! as Record<string, string>;
  const english = en as Record<string, string>;

  it("has exactly the English keys, in the same order", () => {
    expect(Object.keys(catalogue)).toEqual(keys);
  });

  it.each(keys)("%s parses, uses the English arguments and formats", (key) => {
    const message = catalogue[key]!;
    expect(message.trim()).not.toBe("");
    expect(message).toBe(message.trim());
    expect(message).not.toMatch(/ {2}/);
    expect(message, "no HTML: values are escaped on output").not.toMatch(/[<>]/);
    const own = analyse(message);
    expect(own.tags).toBe(0);
    expect([...own.args].sort()).toEqual([...analyse(english[key]!).args].sort());
    const out = String(new IntlMessageFormat(message, locale).format(sample));
    expect(out).not.toMatch(/[{}]/);
  });

  it("tells families to reply STOP to opt out and START to opt back in", () => {
    expect(catalogue["sms.opt_out"]).toContain("STOP");
    expect(catalogue["sms.help"]).toContain("STOP");
    expect(catalogue["sms.stopped"]).toContain("START");
    expect(catalogue["sms.started"]).toContain("STOP");
  });

  it("puts the link in every text message and the date in the closing line", () => {
    expect(catalogue["sms.invitation"]).toContain("{link}");
    expect(catalogue["sms.reminder"]).toContain("{link}");
    expect(catalogue["email.closes"]).toContain("{date}");
  });

  if (script[locale]) {
    const own = script[locale]!;
    it.each(keys)("%s is in the locale's own script (STOP and START aside)", (key) => {
      const text = analyse(catalogue[key]!).text.replace(/\b(STOP|START)\b/g, "");
      expect(text, "no Latin letters left over").not.toMatch(/[A-Za-z]/);
      expect(text).toMatch(own);
    });
  }

  if (locale === "ar" || locale === "fa") {
    it("uses Arabic-script punctuation", () => {
      for (const key of keys) expect(analyse(catalogue[key]!).text, key).not.toMatch(/[?,;]/);
    });
  }

  if (locale === "zh-Hans" || locale === "zh-Hant") {
    it("uses full-width punctuation", () => {
      for (const key of keys) expect(analyse(catalogue[key]!).text, key).not.toMatch(/[,.!?:;()"]/);
    });
  }

  if (locale === "fr") {
    it("uses French typography in emails and pages (texts keep plain spaces, which fit the GSM alphabet)", () => {
      for (const key of keys.filter((k) => !k.startsWith("sms."))) {
        const text = analyse(catalogue[key]!).text;
        expect(text, key).not.toMatch(/[^\u00a0\u202f][!?;:]/);
        expect(text, key).not.toContain("'");
      }
    });
  }
});
