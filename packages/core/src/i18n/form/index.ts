// The family form's catalogues at runtime: one locale at a time, read from the JSON that
// `npm run i18n` compiles from the typed sources beside this module (./sources.ts). A request needs
// one locale, so the form Lambda bundles none of the 15 catalogues: it reads the one it needs on first
// use (a few KB) and keeps it for the life of the process. Messages with ICU syntax are stored
// already parsed, so formatting them never needs the ICU parser (see ../index.ts).
//
// In Lambda the files are copied beside the bundle, at the artifact root (`copyFiles` in
// infra/bundling.ts), which is LAMBDA_TASK_ROOT; everywhere else (the local server, tests) they are
// read where they are generated, next to this module.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Locale } from "../../locale";
import type { Message } from "../index";
import type { FormCatalogue } from "./types";

export type { FormCatalogue } from "./types";
export type FormKey = keyof FormCatalogue & string;
/** A form catalogue as compiled: text for a message without ICU syntax, else its AST. */
export type CompiledFormCatalogue = { readonly [K in FormKey]: Message };

/** Where the compiled catalogues are, relative to LAMBDA_TASK_ROOT in a Lambda artifact. */
export const LAMBDA_DIRECTORY = "i18n/form";

const loaded = new Map<string, CompiledFormCatalogue>();

function directory() {
  const root = process.env.LAMBDA_TASK_ROOT;
  return root ? join(root, LAMBDA_DIRECTORY) : fileURLToPath(new URL("./compiled/", import.meta.url));
}

/** One locale's compiled form catalogue; undefined for a locale without one (never a file path). */
export function formCatalogue(locale: string): CompiledFormCatalogue | undefined {
  let catalogue = loaded.get(locale);
  if (catalogue) return catalogue;
  if (!(Locale.supported as readonly string[]).includes(locale)) return undefined;
  catalogue = JSON.parse(readFileSync(join(directory(), `${locale}.json`), "utf8")) as CompiledFormCatalogue;
  loaded.set(locale, catalogue);
  return catalogue;
}
