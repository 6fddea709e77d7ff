// What the catalogue tests of every area (form, messages, summary) share: the locales' own names, the
// scripts non-Latin locales must be written in, and a walk over an ICU message that collects its
// arguments, plurals, literal text and tags. Used only by tests.
import {
  isArgumentElement,
  isDateElement,
  isLiteralElement,
  isNumberElement,
  isPluralElement,
  isPoundElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  parse,
  type MessageFormatElement,
} from "@formatjs/icu-messageformat-parser";
import { I18n } from "./index";

/** The languages' own names (shipped, for language switchers; kept in ../index.ts). */
export const autonyms = I18n.autonyms;

/** Locales written in another script than English: their messages must all be translated. */
export const script: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
  "zh-Hans": /\p{Script=Han}/u,
  "zh-Hant": /\p{Script=Han}/u,
  ko: /\p{Script=Hangul}/u,
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
};

export type Plural = { argument: string; ordinal: boolean; selectors: string[]; otherHasPound: boolean };

export type Analysis = { args: Set<string>; plurals: Plural[]; text: string; tags: number };

/** Argument names, plurals, literal text and tags of a message, walking into every branch. */
export function analyse(message: string): Analysis {
  const result: Analysis = { args: new Set(), plurals: [], text: "", tags: 0 };
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (isLiteralElement(el)) result.text += el.value;
      else if (isPoundElement(el)) result.text += " ";
      else if (isArgumentElement(el) || isNumberElement(el) || isDateElement(el) || isTimeElement(el)) {
        result.args.add(el.value);
        result.text += " ";
      } else if (isPluralElement(el)) {
        result.args.add(el.value);
        const selectors = Object.keys(el.options);
        const other = el.options.other?.value ?? [];
        result.plurals.push({
          argument: el.value,
          ordinal: el.pluralType === "ordinal",
          selectors,
          otherHasPound: other.some(isPoundElement),
        });
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (isSelectElement(el)) {
        result.args.add(el.value);
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (isTagElement(el)) {
        result.tags++;
        walk(el.children);
      }
    }
  };
  walk(parse(message));
  return result;
}
