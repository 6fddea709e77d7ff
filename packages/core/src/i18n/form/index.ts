// The family form's catalogues at runtime: one locale at a time, read from the JSON that
// `npm run i18n` compiles from the typed sources beside this module (./sources.ts). A request needs
// one locale, so the form Lambda bundles none of the 15 catalogues: it reads the one it needs on first
// use (a few KB) and keeps it for the life of the process. Messages with ICU syntax are stored
// already parsed, so formatting them never needs the ICU parser (see ../index.ts).
//
// They are read from `./compiled/` beside the code that runs: this module where they are generated (the
// local server, tests), and in a Lambda artifact the bundle, beside which `copyFiles` puts them
// (infra/bundling.ts). One path for both, with no environment variable: `sst dev`, which runs bundles
// on the developer's machine without LAMBDA_TASK_ROOT, finds them too.
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

/** Where the compiled catalogues are, relative to the module or bundle that reads them (`directory`). */
export const COMPILED_DIRECTORY = "compiled";

const loaded = new Map<string, CompiledFormCatalogue>();
// Written out rather than built from COMPILED_DIRECTORY: infra/bundle.suite.ts finds the loader in a
// bundle by this very expression.
const directory = () => fileURLToPath(new URL("./compiled/", import.meta.url));

/** One locale's compiled form catalogue; undefined for a locale without one (never a file path). */
export function formCatalogue(locale: string): CompiledFormCatalogue | undefined {
  let catalogue = loaded.get(locale);
  if (catalogue) return catalogue;
  if (!(Locale.supported as readonly string[]).includes(locale)) return undefined;
  catalogue = JSON.parse(readFileSync(join(directory(), `${locale}.json`), "utf8")) as CompiledFormCatalogue;
  loaded.set(locale, catalogue);
  return catalogue;
}
