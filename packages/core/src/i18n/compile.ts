// `npm run i18n`: compiles the form's catalogues (i18n/form/<locale>.ts, the typed source of truth)
// into i18n/form/compiled/<locale>.json, which the functions read at runtime (i18n/form/index.ts).
// A message without ICU syntax stays its text; any other is stored as the AST that IntlMessageFormat
// would parse from it, so the form function formats messages without bundling the ICU parser.
// The files are committed; a test fails when they are stale (compile.test.ts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isLiteralElement, parse } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import type { Catalogue, Message } from "./index";
import { sources } from "./form/sources";

export const compiledDirectory = fileURLToPath(new URL("./form/compiled/", import.meta.url));

/**
 * One message as IntlMessageFormat would parse it for this locale: the constructor calls `parse`
 * with the caller's options (none here) and `locale` set to its resolved Intl.Locale, on top of the
 * parser's defaults (skeletons parsed, `other` required), and locations pruned.
 */
export function compileMessage(message: string, locale: string): Message {
  const ast = parse(message, { locale: IntlMessageFormat.resolveLocale(locale) });
  // Plain text: one literal that is exactly the source (an escape such as '' or '{' is not plain).
  if (ast.length === 1 && isLiteralElement(ast[0]!) && ast[0].value === message) return message;
  return ast;
}

export function compileCatalogue(catalogue: Catalogue, locale: string): Record<string, Message> {
  return Object.fromEntries(
    Object.entries(catalogue).map(([key, message]) => {
      if (typeof message !== "string") throw new Error(`${locale} ${key}: already compiled`);
      return [key, compileMessage(message, locale)];
    }),
  );
}

/** A compiled catalogue as committed: one key per line, so that a change reads as a one-line diff. */
export function serialise(compiled: Record<string, Message>) {
  const lines = Object.entries(compiled).map(([key, message]) => `  ${JSON.stringify(key)}: ${JSON.stringify(message)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

/** Every file of the compiled directory, by name, with its content. */
export function compiledFiles(): Map<string, string> {
  return new Map(Object.entries(sources).map(([locale, catalogue]) => [`${locale}.json`, serialise(compileCatalogue(catalogue, locale))]));
}

export function writeCompiled(directory = compiledDirectory) {
  const files = compiledFiles();
  mkdirSync(directory, { recursive: true });
  for (const name of readdirSync(directory)) if (!files.has(name)) rmSync(join(directory, name));
  for (const [name, text] of files) writeFileSync(join(directory, name), text);
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = writeCompiled();
  process.stdout.write(`wrote ${files.size} form catalogues to ${compiledDirectory}\n`);
}
