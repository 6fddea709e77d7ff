// Languages as schools write them become supported locales; anything else is reported, not guessed.
import { describe, expect, it } from "vitest";
import { normaliseLanguage } from "./language";

describe("normaliseLanguage", () => {
  it.each([
    ["Spanish", "es"], ["español", "es"], ["Español", "es"], ["es-MX", "es"], ["ES", "es"], ["spa", "es"], ["Spanish (Mexico)", "es"],
    ["Vietnamese", "vi"], ["Tiếng Việt", "vi"], ["vi-VN", "vi"],
    ["Arabic", "ar"], ["العربية", "ar"],
    ["Haitian Creole", "ht"], ["Creole", "ht"], ["Kreyòl ayisyen", "ht"],
    ["Somali", "so"], ["Soomaali", "so"],
    ["Chinese", "zh-Hans"], ["Mandarin", "zh-Hans"], ["中文", "zh-Hans"], ["zh-CN", "zh-Hans"], ["Chinese - Simplified", "zh-Hans"],
    ["Cantonese", "zh-Hant"], ["Chinese (Traditional)", "zh-Hant"], ["zh-TW", "zh-Hant"], ["繁體中文", "zh-Hant"],
    ["Korean", "ko"], ["한국어", "ko"], ["Russian", "ru"], ["Русский", "ru"], ["Portuguese", "pt"], ["pt-BR", "pt"],
    ["French", "fr"], ["Français", "fr"], ["Tagalog", "tl"], ["Filipino", "tl"], ["fil", "tl"],
    ["Ukrainian", "uk"], ["Українська", "uk"], ["Farsi", "fa"], ["Persian", "fa"], ["Dari", "fa"], ["فارسی", "fa"],
    ["English", "en"], ["en-US", "en"],
  ])("%s → %s", (raw, locale) => {
    expect(normaliseLanguage(raw)?.locale).toBe(locale);
  });

  it("keeps a supported tag as it is, and says when it rewrote one", () => {
    expect(normaliseLanguage("es")).toEqual({ locale: "es", changed: false });
    expect(normaliseLanguage("zh-Hans")).toEqual({ locale: "zh-Hans", changed: false });
    expect(normaliseLanguage("Spanish")).toEqual({ locale: "es", changed: true });
  });

  it.each(["Klingon", "Karen", "Hmong", "Nepali", "xx", "123", "", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("does not guess %j", (raw) => {
    expect(normaliseLanguage(raw)).toBeUndefined();
  });
});
