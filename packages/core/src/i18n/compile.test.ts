// The compiled form catalogues (i18n/form/compiled/*.json) are what the functions show: they must be
// up to date with the TS sources, say exactly what runtime parsing of the sources says, and format
// without ever calling the ICU parser (the form function is bundled without it).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { IntlMessageFormat } from "intl-messageformat";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Locale } from "../locale";
import { compileMessage, compiledDirectory, compiledFiles } from "./compile";
import { formCatalogue, type FormKey } from "./form";
import { sources } from "./form/sources";
import { I18n } from "./index";

const counts = [0, 1, 2, 5, 21, 100];
const strings: Record<string, string | number> = { current: 2, total: 5, min: 1, max: 10, low: "Nunca", high: "Siempre", language: "Español" };
const samples = counts.map((n) => ({ ...strings, count: n, limit: n }));

describe("compiled form catalogues", () => {
  it("are up to date with the TS catalogues (else run `npm run i18n` and commit the result)", () => {
    const expected = compiledFiles();
    const onDisk = readdirSync(compiledDirectory).sort();
    expect(onDisk, "compiled/ holds other files than the locales' catalogues: run `npm run i18n`").toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) {
      const current = readFileSync(join(compiledDirectory, name), "utf8");
      expect(current === text, `i18n/form/compiled/${name} is stale: run \`npm run i18n\` and commit the result`).toBe(true);
    }
  });

  it("exist for exactly the supported locales", () => {
    expect(Object.keys(sources).sort()).toEqual([...Locale.supported].sort());
  });

  it("are parsed by the parser intl-messageformat itself uses (one copy, same AST format)", () => {
    const ours = createRequire(import.meta.url).resolve("@formatjs/icu-messageformat-parser");
    const theirs = createRequire(createRequire(import.meta.url).resolve("intl-messageformat")).resolve("@formatjs/icu-messageformat-parser");
    expect(ours).toBe(theirs);
  });

  describe.each(Object.keys(sources))("%s", (locale) => {
    const source = sources[locale]! as Record<FormKey, string>;
    const keys = Object.keys(source) as FormKey[];
    const t = I18n.translator(formCatalogue, locale);

    it.each(keys)("%s formats as the TS source does, parsed at runtime", (key) => {
      const runtime = new IntlMessageFormat(source[key], locale);
      const compiled = formCatalogue(locale)![key];
      for (const values of samples) {
        const expected = String(runtime.format(values));
        expect(t(key, values)).toBe(expected);
        if (typeof compiled !== "string") expect(String(new IntlMessageFormat(compiled as never, locale).format(values))).toBe(expected);
      }
      // Text is kept as it is, and only for messages without ICU syntax.
      if (typeof compiled === "string") {
        expect(compiled).toBe(source[key]);
        expect(compiled).not.toContain("{");
        expect(t(key)).toBe(String(runtime.format()));
      }
    });
  });

  it("keeps as text only what would format to itself", () => {
    expect(compileMessage("Hello", "en")).toBe("Hello");
    expect(compileMessage("It''s", "en")).toEqual([{ type: 0, value: "It's" }]);
    expect(compileMessage("'{'literal'}'", "en")).toEqual([{ type: 0, value: "{literal}" }]);
    expect(compileMessage("{n, plural, one {# item} other {# items}}", "en")).toMatchObject([{ type: 6, value: "n" }]);
  });
});

describe("the form translator", () => {
  const parse = IntlMessageFormat.__parse;
  afterEach(() => {
    IntlMessageFormat.__parse = parse;
  });

  it("formats every compiled message of every locale without the ICU parser", async () => {
    // What the no-parser alias does to the form's bundle (infra/bundling.ts), in process. Fresh
    // modules, so that no formatter cached by another test hides a call to the parser.
    vi.resetModules();
    const fresh = { ...((await import("./index")) as typeof import("./index")), ...((await import("./form/index")) as typeof import("./form")) };
    IntlMessageFormat.__parse = () => {
      throw new Error("the ICU parser was called");
    };
    for (const locale of Locale.supported) {
      const t = fresh.I18n.translator(fresh.formCatalogue, locale);
      for (const key of Object.keys(sources.en!) as FormKey[]) {
        for (const values of [undefined, ...samples]) {
          if (values || !/\{/.test(sources[locale]![key])) expect(t(key, values).trim(), `${locale} ${key}`).not.toBe("");
        }
      }
    }
  });

  it("reads only the locales it is asked for, and never a path for a locale it does not know", () => {
    expect(formCatalogue("../../../package")).toBeUndefined();
    expect(formCatalogue("de")).toBeUndefined();
    expect(I18n.translator(formCatalogue, "de")("action.next")).toBe("Next");
    expect(I18n.translator(formCatalogue, "es")("errors.summary", { count: 1 })).toBe("Hay 1 problema en esta página.");
    expect(I18n.translator(formCatalogue, "ar")("hint.max_length", { limit: 2 })).toBe(new IntlMessageFormat(sources.ar!["hint.max_length"], "ar").format({ limit: 2 }));
  });
});
